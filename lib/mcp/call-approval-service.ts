import { by, recordActivity } from "@/lib/activity/record-activity";
import { personName } from "@/lib/catalog/catalog-view";
import type { Db } from "@/lib/db/client";
import { storable } from "@/lib/db/storable-text";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { McpCallDecision } from "@/lib/schemas/mcp";
import { exposedToolName } from "./tool-definition";

/**
 * Calls to tools that require approval wait in the review queue. The gateway records the call as
 * pending and answers the client with an error naming the approval; once an operator approves,
 * the same key calling the same tool with exactly the same arguments is let through, once, until
 * the approval expires.
 */
export const CALL_APPROVAL_TTL_MS = Number(process.env.MCP_CALL_APPROVAL_TTL_MINUTES ?? 60) * 60_000;

const approvalSelect = {
  id: true,
  status: true,
  argumentsPreview: true,
  requestId: true,
  apiKeyId: true,
  note: true,
  createdAt: true,
  decidedAt: true,
  expiresAt: true,
  usedAt: true,
  usedRequestId: true,
  tool: { select: { id: true, name: true, server: { select: { name: true } } } },
  decidedBy: { select: { id: true, email: true, name: true } },
} as const;
type ApprovalRow = Prisma.McpCallApprovalGetPayload<{ select: typeof approvalSelect }>;
export type McpCallApprovalView = ApprovalRow & { toolName: string; keyName: string | null; expired: boolean };

export async function listMcpCallApprovals(db: Db, ctx: OrgContext, filter: { status?: "pending" | "decided" } = {}): Promise<McpCallApprovalView[]> {
  assertCan(ctx, "review:read");
  const rows = await db.mcpCallApproval.findMany({
    where: { orgId: ctx.org.id, ...(filter.status === "pending" ? { status: "pending" } : filter.status === "decided" ? { status: { not: "pending" } } : {}) },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: approvalSelect,
  });
  return withNames(db, ctx, rows);
}

/** One approval, as the list shows it (the management API answers a decision with it). */
export async function getMcpCallApproval(db: Db, ctx: OrgContext, approvalId: string): Promise<McpCallApprovalView> {
  assertCan(ctx, "review:read");
  const row = await db.mcpCallApproval.findFirst({ where: { id: approvalId, orgId: ctx.org.id }, select: approvalSelect });
  if (!row) throw new NotFoundError("Tool call approval not found.");
  return (await withNames(db, ctx, [row]))[0]!;
}

async function withNames(db: Db, ctx: OrgContext, rows: ApprovalRow[]): Promise<McpCallApprovalView[]> {
  const keys = new Map((await db.apiKey.findMany({ where: { orgId: ctx.org.id, id: { in: [...new Set(rows.map((row) => row.apiKeyId))] } }, select: { id: true, name: true } })).map((key) => [key.id, key.name]));
  const now = Date.now();
  return rows.map((row) => ({ ...row, toolName: exposedToolName(row.tool.server.name, row.tool.name), keyName: keys.get(row.apiKeyId) ?? null, expired: row.expiresAt.getTime() <= now }));
}

export async function countPendingMcpCallApprovals(db: Db, ctx: OrgContext): Promise<number> {
  assertCan(ctx, "review:read");
  return db.mcpCallApproval.count({ where: { orgId: ctx.org.id, status: "pending", expiresAt: { gt: new Date() } } });
}

/** One operator's verdict wins; a second one at the same time is told who decided. */
export async function decideMcpCallApproval(db: Db, ctx: OrgContext, approvalId: string, input: McpCallDecision) {
  assertCan(ctx, "review:write");
  const approval = await db.mcpCallApproval.findFirst({ where: { id: approvalId, orgId: ctx.org.id }, select: approvalSelect });
  if (!approval) throw new NotFoundError("Tool call approval not found.");
  if (approval.expiresAt.getTime() <= Date.now() && approval.status === "pending") throw new ConflictError("This request expired; the client has to call the tool again.");
  const status = input.decision === "approve" ? "approved" : "rejected";
  const decided = await db.$transaction(async (tx) => {
    const { count } = await tx.mcpCallApproval.updateMany({
      where: { id: approval.id, orgId: ctx.org.id, status: "pending" },
      // An approval is good for the same span from the moment it is given.
      data: { status, decidedById: ctx.userId, decidedAt: new Date(), note: input.note ?? null, ...(status === "approved" ? { expiresAt: new Date(Date.now() + CALL_APPROVAL_TTL_MS) } : {}) },
    });
    if (count > 0) {
      const toolName = exposedToolName(approval.tool.server.name, approval.tool.name);
      await recordActivity(tx, {
        ...by(ctx),
        action: status === "approved" ? "mcp_call.approved" : "mcp_call.rejected",
        targetType: "mcp_call_approval",
        targetId: approval.id,
        summary: `${status === "approved" ? "Approved" : "Rejected"} a call to ${toolName}`,
        details: { tool: toolName, requestId: approval.requestId, note: input.note },
      });
    }
    return count > 0;
  });
  if (!decided) {
    const current = await db.mcpCallApproval.findUniqueOrThrow({ where: { id: approval.id }, select: approvalSelect });
    const who = current.decidedBy ? personName(current.decidedBy) : "Someone";
    throw new ConflictError(`${who} already ${current.status === "rejected" ? "rejected" : "approved"} this call.`);
  }
  return db.mcpCallApproval.findUniqueOrThrow({ where: { id: approval.id }, select: approvalSelect });
}

export type CallApprovalCheck =
  | { state: "approved"; approvalId: string }
  | { state: "pending" | "rejected"; approvalId: string; created: boolean };

/**
 * On the call path: spends an approval given for exactly this call, or finds (or opens) the
 * pending one. Spending is a conditional update, so one approval lets one call through.
 */
export async function checkCallApproval(
  db: Db,
  call: { orgId: string; toolId: string; apiKeyId: string; argumentsHash: string; requestId: string; argumentsPreview: Prisma.InputJsonValue },
): Promise<CallApprovalCheck> {
  const now = new Date();
  const same = { orgId: call.orgId, toolId: call.toolId, apiKeyId: call.apiKeyId, argumentsHash: call.argumentsHash, expiresAt: { gt: now } };
  const approved = await db.mcpCallApproval.findFirst({ where: { ...same, status: "approved" }, orderBy: { decidedAt: "asc" }, select: { id: true } });
  if (approved) {
    const { count } = await db.mcpCallApproval.updateMany({ where: { id: approved.id, status: "approved" }, data: { status: "used", usedAt: now, usedRequestId: call.requestId } });
    if (count > 0) return { state: "approved", approvalId: approved.id };
  }
  // Find-or-open under the tool row's lock: the same call arriving twice at once opens one approval, not two.
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "McpTool" WHERE id = ${call.toolId} FOR UPDATE`;
    const open = await tx.mcpCallApproval.findFirst({ where: { ...same, status: { in: ["pending", "rejected"] } }, orderBy: { createdAt: "desc" }, select: { id: true, status: true } });
    if (open) return { state: open.status as "pending" | "rejected", approvalId: open.id, created: false };
    // The preview is what the reviewer reads: a NUL or unpaired surrogate in it shows as U+FFFD (the hash still covers the arguments as sent).
    const argumentsPreview = storable(call.argumentsPreview);
    const created = await tx.mcpCallApproval.create({
      data: { orgId: call.orgId, toolId: call.toolId, apiKeyId: call.apiKeyId, argumentsHash: call.argumentsHash, argumentsPreview, requestId: call.requestId, expiresAt: new Date(Date.now() + CALL_APPROVAL_TTL_MS) },
      select: { id: true },
    });
    return { state: "pending" as const, approvalId: created.id, created: true };
  });
}
