import { by, recordActivity } from "@/lib/activity/record-activity";
import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { McpToolDecision, McpToolGrant } from "@/lib/schemas/mcp";
import { exposedToolName } from "./tool-definition";

/**
 * Tool approval and grants. Approving pins the definition the admin saw (its hash): if the server
 * changed it in between, the approval is refused rather than approving something unseen. A tool
 * is callable only while approved, its definition equals the approved one, and the calling key is
 * granted it (lib/mcp/authorize.ts).
 */
type Tx = Prisma.TransactionClient;

const person = { select: { id: true, email: true, name: true } } as const;
const toolSelect = {
  id: true,
  serverId: true,
  name: true,
  definition: true,
  definitionHash: true,
  state: true,
  approvedDefinition: true,
  approvedHash: true,
  requiresCallApproval: true,
  grantAllKeys: true,
  grantedKeyIds: true,
  grantedKeyTags: true,
  decidedById: true,
  decidedAt: true,
  decisionNote: true,
  removedAt: true,
  createdAt: true,
  updatedAt: true,
  server: { select: { name: true } },
} as const;
type ToolRow = Prisma.McpToolGetPayload<{ select: typeof toolSelect }>;
export type McpToolView = Omit<ToolRow, "server"> & { serverName: string; exposedName: string; decidedBy: { id: string; email: string; name: string | null } | null };

export async function listMcpTools(db: Db, ctx: OrgContext, filter: { serverId?: string } = {}): Promise<McpToolView[]> {
  assertCan(ctx, "mcp:read");
  const rows = await db.mcpTool.findMany({
    where: { orgId: ctx.org.id, ...(filter.serverId ? { serverId: filter.serverId } : {}) },
    orderBy: [{ server: { name: "asc" } }, { name: "asc" }],
    select: toolSelect,
  });
  return withDeciders(db, rows);
}

export async function getMcpTool(db: Db, ctx: OrgContext, toolId: string): Promise<McpToolView> {
  assertCan(ctx, "mcp:read");
  const row = await db.mcpTool.findFirst({ where: { id: toolId, orgId: ctx.org.id }, select: toolSelect });
  if (!row) throw new NotFoundError("MCP tool not found.");
  return (await withDeciders(db, [row]))[0]!;
}

async function withDeciders(db: Db, rows: ToolRow[]): Promise<McpToolView[]> {
  const ids = [...new Set(rows.flatMap((row) => (row.decidedById ? [row.decidedById] : [])))];
  const deciders = new Map<string, { id: string; email: string; name: string | null }>();
  if (ids.length) for (const user of await db.user.findMany({ where: { id: { in: ids } }, ...person })) deciders.set(user.id, user);
  return rows.map(({ server, ...row }) => ({
    ...row,
    serverName: server.name,
    exposedName: exposedToolName(server.name, row.name),
    decidedBy: (row.decidedById && deciders.get(row.decidedById)) || null,
  }));
}

/**
 * Approve or deny one tool. `seenHash` is the definition hash the admin reviewed; approval of a
 * definition that has changed since is refused.
 */
export async function decideMcpTool(db: Db, ctx: OrgContext, toolId: string, input: McpToolDecision & { seenHash?: string }): Promise<McpToolView> {
  assertCan(ctx, "mcp:write");
  await db.$transaction(async (tx) => {
    const tool = await lockTool(tx, ctx, toolId);
    if (input.decision === "approve") {
      if (tool.removedAt) throw new ConflictError(`${tool.name} is no longer listed by its server, so it cannot be approved.`);
      if (input.seenHash && input.seenHash !== tool.definitionHash) {
        throw new ConflictError(`${tool.name}'s definition changed again since you looked at it. Review the new definition and approve again.`);
      }
    }
    const decided = { decidedById: ctx.userId, decidedAt: new Date(), decisionNote: input.note ?? null };
    await tx.mcpTool.update({
      where: { id: tool.id },
      data:
        input.decision === "approve"
          ? { state: "approved", approvedDefinition: tool.definition as Prisma.InputJsonValue, approvedHash: tool.definitionHash, ...decided }
          : { state: "denied", ...decided },
    });
    const verb = input.decision === "approve" ? (tool.state === "changed" ? "approved the changed definition of" : "approved") : "denied";
    await recordActivity(tx, {
      ...by(ctx),
      action: input.decision === "approve" ? "mcp_tool.approved" : "mcp_tool.denied",
      targetType: "mcp_tool",
      targetId: tool.id,
      summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} MCP tool ${tool.exposedName}`,
      details: { tool: tool.exposedName, definitionHash: tool.definitionHash, previousState: tool.state, note: input.note },
    });
  });
  await invalidateOrg(ctx.org.id);
  return getMcpTool(db, ctx, toolId);
}

/** Approves every listed tool of a server that is unreviewed or held; denied tools stay denied. */
export async function approveAllMcpTools(db: Db, ctx: OrgContext, serverId: string, note?: string): Promise<{ approved: string[] }> {
  assertCan(ctx, "mcp:write");
  const approved = await db.$transaction(async (tx) => {
    const server = await tx.mcpServer.findFirst({ where: { id: serverId, orgId: ctx.org.id }, select: { id: true, name: true } });
    if (!server) throw new NotFoundError("MCP server not found.");
    await tx.$queryRaw`SELECT id FROM "McpServer" WHERE id = ${server.id} FOR UPDATE`;
    const tools = await tx.mcpTool.findMany({ where: { serverId: server.id, removedAt: null, state: { in: ["unreviewed", "changed"] } }, select: { id: true, name: true, definition: true, definitionHash: true } });
    const decidedAt = new Date();
    for (const tool of tools) {
      await tx.mcpTool.update({
        where: { id: tool.id },
        data: { state: "approved", approvedDefinition: tool.definition as Prisma.InputJsonValue, approvedHash: tool.definitionHash, decidedById: ctx.userId, decidedAt, decisionNote: note ?? null },
      });
    }
    const names = tools.map((tool) => exposedToolName(server.name, tool.name));
    if (names.length) {
      await recordActivity(tx, { ...by(ctx), action: "mcp_tool.approved", targetType: "mcp_server", targetId: server.id, summary: `Approved ${names.length} tool(s) of MCP server ${server.name}`, details: { tools: names, note } });
    }
    return names;
  });
  await invalidateOrg(ctx.org.id);
  return { approved };
}

/** Sets who may call the tool (and whether each call needs an operator's approval). */
export async function grantMcpTool(db: Db, ctx: OrgContext, toolId: string, grant: McpToolGrant): Promise<McpToolView> {
  assertCan(ctx, "mcp:write");
  await db.$transaction(async (tx) => {
    const tool = await lockTool(tx, ctx, toolId);
    if (grant.keyIds.length) {
      const keys = await tx.apiKey.count({ where: { id: { in: grant.keyIds }, orgId: ctx.org.id, revokedAt: null } });
      if (keys !== grant.keyIds.length) throw new ValidationError("One of the keys was not found or is revoked.", { keyIds: ["Choose live keys of this org."] });
    }
    const data = {
      grantAllKeys: grant.grantAllKeys,
      grantedKeyIds: grant.grantAllKeys ? [] : grant.keyIds,
      grantedKeyTags: grant.grantAllKeys ? [] : grant.keyTags,
      ...(grant.requiresCallApproval !== undefined ? { requiresCallApproval: grant.requiresCallApproval } : {}),
    };
    await tx.mcpTool.update({ where: { id: tool.id }, data });
    const to = data.grantAllKeys ? "every key with the mcp scope" : [data.grantedKeyIds.length && `${data.grantedKeyIds.length} key(s)`, data.grantedKeyTags.length && `tags ${data.grantedKeyTags.join(", ")}`].filter(Boolean).join(" and ") || "no key";
    await recordActivity(tx, {
      ...by(ctx),
      action: "mcp_tool.granted",
      targetType: "mcp_tool",
      targetId: tool.id,
      summary: `Granted MCP tool ${tool.exposedName} to ${to}`,
      details: { tool: tool.exposedName, ...data, before: { grantAllKeys: tool.grantAllKeys, grantedKeyIds: tool.grantedKeyIds, grantedKeyTags: tool.grantedKeyTags, requiresCallApproval: tool.requiresCallApproval } },
    });
  });
  await invalidateOrg(ctx.org.id);
  return getMcpTool(db, ctx, toolId);
}

/** The tool's row, locked for this transaction, so two admins' decisions apply one after the other. */
async function lockTool(tx: Tx, ctx: OrgContext, toolId: string) {
  const tool = await tx.mcpTool.findFirst({ where: { id: toolId, orgId: ctx.org.id }, select: { ...toolSelect } });
  if (!tool) throw new NotFoundError("MCP tool not found.");
  await tx.$queryRaw`SELECT id FROM "McpTool" WHERE id = ${tool.id} FOR UPDATE`;
  const fresh = await tx.mcpTool.findUniqueOrThrow({ where: { id: tool.id }, select: toolSelect });
  return { ...fresh, exposedName: exposedToolName(fresh.server.name, fresh.name) };
}
