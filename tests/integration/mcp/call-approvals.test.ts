/**
 * lib/mcp/call-approval-service.ts against the database: a call to a tool that requires approval
 * opens one pending approval per key, tool and arguments; an operator's approval lets exactly one
 * call through; a rejection is reported; two operators deciding at once get one winner; expired
 * requests cannot be decided; another org sees nothing.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type Db, getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import {
  CALL_APPROVAL_TTL_MS,
  checkCallApproval,
  countPendingMcpCallApprovals,
  decideMcpCallApproval,
  listMcpCallApprovals,
} from "@/lib/mcp/call-approval-service";
import { argumentShape, argumentsHash } from "@/lib/mcp/tool-arguments";
import { applyListing } from "@/lib/mcp/tool-sync";
import type { OrgContext } from "@/lib/orgs/org-access";
import { keyWithTags, memberOf, signedUpOwner } from "../factories";

let db: Db;
let owner: OrgContext;
let admin: { user: { id: string; email: string }; ctx: OrgContext };
let serverName: string;
let toolId: string;
let otherToolId: string;
let keyId: string;
let otherKeyId: string;

beforeAll(async () => {
  db = await getDb();
  owner = (await signedUpOwner("mcp-approvals")).ctx;
  admin = await memberOf(owner, "admin", "second-admin");
  const server = await db.mcpServer.create({
    data: { orgId: owner.org.id, name: "repo", url: "https://mcp.example.com/mcp", createdById: owner.userId },
    select: { id: true, orgId: true, name: true },
  });
  serverName = server.name;
  await applyListing(
    db,
    server,
    ["delete_repo", "archive_repo"].map((name) => ({ name, description: `${name}.`, inputSchema: { type: "object" } })),
    null,
  );
  const tools = await db.mcpTool.findMany({ where: { serverId: server.id }, select: { id: true, name: true } });
  toolId = tools.find((tool) => tool.name === "delete_repo")!.id;
  otherToolId = tools.find((tool) => tool.name === "archive_repo")!.id;
  await db.mcpTool.updateMany({ where: { serverId: server.id }, data: { requiresCallApproval: true } });
  keyId = (await keyWithTags(owner, "agent", [], { scopes: ["mcp"] })).id;
  otherKeyId = (await keyWithTags(owner, "other agent", [], { scopes: ["mcp"] })).id;
}, 600_000);

/** One call's approval check: a fresh request id each time, arguments unique to the test unless given. */
function call(args: Record<string, unknown>, overrides: { toolId?: string; apiKeyId?: string } = {}) {
  return checkCallApproval(db, {
    orgId: owner.org.id,
    toolId: overrides.toolId ?? toolId,
    apiKeyId: overrides.apiKeyId ?? keyId,
    argumentsHash: argumentsHash(args),
    requestId: `req_${randomUUID()}`,
    argumentsPreview: argumentShape(args) as object,
  });
}

const uniqueArgs = () => ({ repo: `acme/${randomUUID()}` });
const row = (id: string) => db.mcpCallApproval.findUniqueOrThrow({ where: { id } });

describe("checkCallApproval", () => {
  it("opens one pending approval for a new call, and reuses it while it is pending", async () => {
    const args = uniqueArgs();
    const before = Date.now();
    const first = await call(args);
    const after = Date.now();
    expect(first).toEqual({ state: "pending", approvalId: expect.any(String), created: true });
    const stored = await row(first.approvalId);
    expect(stored).toMatchObject({ orgId: owner.org.id, toolId, apiKeyId: keyId, argumentsHash: argumentsHash(args), argumentsPreview: { repo: `string(${args.repo.length})` }, status: "pending" });
    // Waits for the whole span from when it was opened.
    expect(stored.expiresAt.getTime()).toBeGreaterThanOrEqual(before + CALL_APPROVAL_TTL_MS);
    expect(stored.expiresAt.getTime()).toBeLessThanOrEqual(after + CALL_APPROVAL_TTL_MS);

    // The same arguments in another key order are the same call.
    const again = await call({ ...args });
    expect(again).toEqual({ state: "pending", approvalId: first.approvalId, created: false });
    expect(await db.mcpCallApproval.count({ where: { argumentsHash: argumentsHash(args) } })).toBe(1);
    expect((await row(first.approvalId)).requestId).toBe(stored.requestId); // the first asker's request id stays
  });

  it("treats the same key order-independent arguments as one call", async () => {
    const args = { repo: `acme/${randomUUID()}`, options: { force: true, reason: "cleanup" } };
    const first = await call(args);
    const reordered = await call({ options: { reason: "cleanup", force: true }, repo: args.repo });
    expect(reordered).toMatchObject({ approvalId: first.approvalId, created: false });
  });

  it("opens a separate approval for other arguments, another key, or another tool", async () => {
    const args = uniqueArgs();
    const first = await call(args);
    const others = [await call({ ...args, force: true }), await call(args, { apiKeyId: otherKeyId }), await call(args, { toolId: otherToolId })];
    for (const other of others) expect(other).toMatchObject({ state: "pending", created: true });
    expect(new Set([first.approvalId, ...others.map((other) => other.approvalId)]).size).toBe(4);
  });

  it("lets exactly one call through per approval, then asks again", async () => {
    const args = uniqueArgs();
    const pending = await call(args);
    await decideMcpCallApproval(db, owner, pending.approvalId, { decision: "approve" });

    // Another key or other arguments do not spend it.
    expect(await call(args, { apiKeyId: otherKeyId })).toMatchObject({ state: "pending", created: true });
    expect(await call({ ...args, extra: 1 })).toMatchObject({ state: "pending", created: true });
    expect((await row(pending.approvalId)).status).toBe("approved");

    const through = await call(args);
    expect(through).toEqual({ state: "approved", approvalId: pending.approvalId });
    const used = await row(pending.approvalId);
    expect(used.status).toBe("used");
    expect(used.usedAt).toBeInstanceOf(Date);
    expect(used.usedRequestId).toMatch(/^req_/);
    expect(used.usedRequestId).not.toBe(used.requestId);

    const next = await call(args);
    expect(next).toMatchObject({ state: "pending", created: true });
    expect(next.approvalId).not.toBe(pending.approvalId);
  });

  it("spends one approval once when two calls check it at the same time", async () => {
    const args = uniqueArgs();
    const pending = await call(args);
    await decideMcpCallApproval(db, owner, pending.approvalId, { decision: "approve" });

    const results = await Promise.all([call(args), call(args), call(args)]);
    const approved = results.filter((result) => result.state === "approved");
    expect(approved).toEqual([{ state: "approved", approvalId: pending.approvalId }]);
    // The other two were not let through: they wait on one new approval, opened once.
    const waiting = results.filter((result) => result.state === "pending");
    expect(waiting).toHaveLength(2);
    expect(new Set(waiting.map((result) => result.approvalId)).size).toBe(1);
    expect(await db.mcpCallApproval.count({ where: { argumentsHash: argumentsHash(args), status: "used" } })).toBe(1);
  });

  it("opens only one pending approval when the same call arrives twice at once", async () => {
    const args = uniqueArgs();
    const results = await Promise.all([call(args), call(args), call(args)]);
    expect(new Set(results.map((result) => result.approvalId)).size).toBe(1);
    expect(results.filter((result) => result.state === "pending" && result.created)).toHaveLength(1);
    expect(await db.mcpCallApproval.count({ where: { argumentsHash: argumentsHash(args) } })).toBe(1);
  });

  it("reports a rejected call as rejected, every time, until the rejection expires", async () => {
    const args = uniqueArgs();
    const pending = await call(args);
    await decideMcpCallApproval(db, owner, pending.approvalId, { decision: "reject", note: "never delete prod" });
    expect(await call(args)).toEqual({ state: "rejected", approvalId: pending.approvalId, created: false });
    expect(await call(args)).toEqual({ state: "rejected", approvalId: pending.approvalId, created: false });

    await db.mcpCallApproval.update({ where: { id: pending.approvalId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await call(args)).toMatchObject({ state: "pending", created: true });
  });

  it("does not spend an expired approval, nor reuse an expired pending one", async () => {
    const args = uniqueArgs();
    const pending = await call(args);
    await decideMcpCallApproval(db, owner, pending.approvalId, { decision: "approve" });
    await db.mcpCallApproval.update({ where: { id: pending.approvalId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const after = await call(args);
    expect(after).toMatchObject({ state: "pending", created: true });
    expect((await row(pending.approvalId)).status).toBe("approved"); // not spent

    await db.mcpCallApproval.update({ where: { id: after.approvalId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const fresh = await call(args);
    expect(fresh).toMatchObject({ state: "pending", created: true });
    expect(fresh.approvalId).not.toBe(after.approvalId);
  });
});

describe("decideMcpCallApproval", () => {
  it("approves a pending call for a fresh span, records who decided, and the activity", async () => {
    const pending = await call(uniqueArgs());
    await db.mcpCallApproval.update({ where: { id: pending.approvalId }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    const before = Date.now();
    const decided = await decideMcpCallApproval(db, owner, pending.approvalId, { decision: "approve", note: "ok once" });
    expect(decided).toMatchObject({ id: pending.approvalId, status: "approved", note: "ok once", decidedBy: { id: owner.userId }, tool: { name: "delete_repo", server: { name: serverName } } });
    expect(decided.expiresAt.getTime()).toBeGreaterThanOrEqual(before + CALL_APPROVAL_TTL_MS - 1000);
    const activity = await db.adminActivity.findFirstOrThrow({ where: { orgId: owner.org.id, targetId: pending.approvalId } });
    expect(activity).toMatchObject({ action: "mcp_call.approved", actorId: owner.userId, targetType: "mcp_call_approval", summary: `Approved a call to ${serverName}__delete_repo` });
  });

  it("lets one of two operators deciding at once win; the other is told who decided", async () => {
    const pending = await call(uniqueArgs());
    const results = await Promise.allSettled([
      decideMcpCallApproval(db, owner, pending.approvalId, { decision: "approve" }),
      decideMcpCallApproval(db, admin.ctx, pending.approvalId, { decision: "reject" }),
    ]);
    const won = results.filter((result) => result.status === "fulfilled");
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);

    const stored = await db.mcpCallApproval.findUniqueOrThrow({ where: { id: pending.approvalId }, include: { decidedBy: true } });
    const winner = stored.decidedBy!.name ?? stored.decidedBy!.email;
    expect((lost[0]!.reason as Error).message).toBe(`${winner} already ${stored.status} this call.`);
    expect((won[0] as PromiseFulfilledResult<{ status: string }>).value.status).toBe(stored.status);
    expect(await db.adminActivity.count({ where: { targetId: pending.approvalId } })).toBe(1);
  });

  it("refuses a second decision, naming the first decider", async () => {
    const pending = await call(uniqueArgs());
    await decideMcpCallApproval(db, admin.ctx, pending.approvalId, { decision: "reject" });
    await expect(decideMcpCallApproval(db, owner, pending.approvalId, { decision: "approve" })).rejects.toThrow(new ConflictError("second-admin already rejected this call."));
    expect((await row(pending.approvalId)).status).toBe("rejected");
  });

  it("refuses to decide an approval that was already used", async () => {
    const args = uniqueArgs();
    const pending = await call(args);
    await decideMcpCallApproval(db, owner, pending.approvalId, { decision: "approve" });
    await call(args);
    await expect(decideMcpCallApproval(db, admin.ctx, pending.approvalId, { decision: "reject" })).rejects.toBeInstanceOf(ConflictError);
    expect((await row(pending.approvalId)).status).toBe("used");
  });

  it("cannot decide an expired pending request", async () => {
    const pending = await call(uniqueArgs());
    await db.mcpCallApproval.update({ where: { id: pending.approvalId }, data: { expiresAt: new Date(Date.now() - 1) } });
    for (const decision of ["approve", "reject"] as const) {
      await expect(decideMcpCallApproval(db, owner, pending.approvalId, { decision })).rejects.toThrow(new ConflictError("This request expired; the client has to call the tool again."));
    }
    expect(await row(pending.approvalId)).toMatchObject({ status: "pending", decidedById: null });
    expect(await db.adminActivity.count({ where: { targetId: pending.approvalId } })).toBe(0);
  });

  it("needs review:write: members and auditors cannot decide", async () => {
    const pending = await call(uniqueArgs());
    for (const role of ["member", "auditor"] as const) {
      const { ctx } = await memberOf(owner, role);
      await expect(decideMcpCallApproval(db, ctx, pending.approvalId, { decision: "approve" })).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await row(pending.approvalId)).status).toBe("pending");
  });

  it("keeps approvals inside their org: another org's context gets NotFoundError and sees none", async () => {
    const pending = await call(uniqueArgs());
    const stranger = (await signedUpOwner("mcp-approvals-stranger")).ctx;
    await expect(decideMcpCallApproval(db, stranger, pending.approvalId, { decision: "approve" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(decideMcpCallApproval(db, stranger, pending.approvalId, { decision: "reject" })).rejects.toThrow("Tool call approval not found.");
    expect(await listMcpCallApprovals(db, stranger)).toEqual([]);
    expect(await countPendingMcpCallApprovals(db, stranger)).toBe(0);
    expect((await row(pending.approvalId)).status).toBe("pending");

    // The org's own view lists it, with its tool and key.
    const mine = await listMcpCallApprovals(db, owner, { status: "pending" });
    expect(mine.find((approval) => approval.id === pending.approvalId)).toMatchObject({ toolName: `${serverName}__delete_repo`, keyName: "agent", expired: false });
  });
});
