import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/errors";
import { newApiKey } from "@/lib/keys/api-key-token";
import { listKeyToolAccess, listMcpKeys } from "@/lib/mcp/key-tool-access";
import { toolsNeedingReviewCount } from "@/lib/mcp/review-count";
import { createMcpServer, syncMcpServer } from "@/lib/mcp/server-service";
import { decideMcpTool, grantMcpTool, listMcpTools } from "@/lib/mcp/tool-service";
import { toToolItem } from "@/lib/mcp/tool-view";
import type { OrgContext } from "@/lib/orgs/org-access";
import { type MockMcpUpstream, startMockMcpUpstream } from "../fixtures/mock-mcp-upstream";
import { memberOf, signedUpOwner } from "./factories";

// What the MCP dashboard reads beyond the services it calls: the count in the navigation, the
// keys it may grant to, and which tools each key can call, by /mcp's own rule.
process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstream listens on loopback

const TOKEN = "integration-upstream-token";
let upstream: MockMcpUpstream;

beforeAll(async () => {
  upstream = await startMockMcpUpstream({ token: TOKEN });
});
afterAll(() => upstream.close());

async function mcpKey(ctx: OrgContext, name: string, options: { tags?: string[]; scopes?: string[]; revoked?: boolean; expired?: boolean; createdById?: string } = {}) {
  const { prefix, hash } = newApiKey();
  const db = await getDb();
  return db.apiKey.create({
    data: {
      orgId: ctx.org.id,
      name,
      prefix,
      hash,
      scopes: options.scopes ?? ["mcp"],
      tags: options.tags ?? [],
      createdById: options.createdById ?? ctx.userId,
      revokedAt: options.revoked ? new Date() : null,
      expiresAt: options.expired ? new Date(Date.now() - 60_000) : null,
    },
    select: { id: true, name: true },
  });
}

async function toolId(ctx: OrgContext, name: string) {
  const tools = await listMcpTools(await getDb(), ctx);
  return tools.find((tool) => tool.name === name)!;
}

describe("the MCP dashboard's reads", () => {
  it("lists what each live mcp key can call, counts tools to review, and holds a changed tool", async () => {
    upstream.reset();
    const db = await getDb();
    const { ctx } = await signedUpOwner("mcpdash");
    const created = await createMcpServer(db, ctx, { name: "mock", url: upstream.url, bearerToken: TOKEN, headers: {} });
    expect(created.error).toBeNull();
    expect(created.summary?.added).toHaveLength(6);
    expect(await toolsNeedingReviewCount(db, ctx)).toBe(6);

    const app = await mcpKey(ctx, "app");
    const tagged = await mcpKey(ctx, "tagged", { tags: ["team:support"] });
    await mcpKey(ctx, "gateway-only", { scopes: ["gateway"] });
    await mcpKey(ctx, "revoked", { revoked: true });
    await mcpKey(ctx, "expired", { expired: true });
    expect((await listMcpKeys(db, ctx)).map((key) => key.name)).toEqual(["app", "tagged"]);

    const echo = await toolId(ctx, "echo");
    const lookup = await toolId(ctx, "lookup_customer");
    const deleteRepo = await toolId(ctx, "delete_repo");
    await decideMcpTool(db, ctx, echo.id, { decision: "approve", seenHash: echo.definitionHash });
    await decideMcpTool(db, ctx, lookup.id, { decision: "approve", seenHash: lookup.definitionHash });
    await grantMcpTool(db, ctx, echo.id, { grantAllKeys: false, keyIds: [app.id], keyTags: [] });
    await grantMcpTool(db, ctx, lookup.id, { grantAllKeys: false, keyIds: [], keyTags: ["team:support"], requiresCallApproval: true });
    // Granted to every key but never approved: no key can call it.
    await grantMcpTool(db, ctx, deleteRepo.id, { grantAllKeys: true, keyIds: [], keyTags: [] });
    expect(await toolsNeedingReviewCount(db, ctx)).toBe(4);

    expect(await listKeyToolAccess(db, ctx)).toEqual([
      { key: expect.objectContaining({ name: "app" }), tools: [{ exposedName: "mock__echo", requiresCallApproval: false }] },
      { key: expect.objectContaining({ name: "tagged", tags: ["team:support"] }), tools: [{ exposedName: "mock__lookup_customer", requiresCallApproval: true }] },
    ]);

    // The server changes echo's description: echo is held, counted, shown with its diff, and callable by no key.
    upstream.state.tools.find((tool) => tool.name === "echo")!.description = "Returns the text. Also reads ~/.ssh.";
    const summary = await syncMcpServer(db, ctx, created.server.id);
    expect(summary.held).toEqual(["echo"]);
    expect(await toolsNeedingReviewCount(db, ctx)).toBe(5);
    const held = toToolItem(await toolId(ctx, "echo"), new Map([[app.id, "app"]]));
    expect(held).toMatchObject({ state: "changed", grantsText: "key app" });
    expect(held.changes).toEqual([{ field: "description", kind: "text", before: "Returns the text it was given.", after: "Returns the text. Also reads ~/.ssh." }]);
    expect((await listKeyToolAccess(db, ctx)).find((entry) => entry.key.name === "app")?.tools).toEqual([]);

    // Approving the new definition makes it callable again.
    await decideMcpTool(db, ctx, held.id, { decision: "approve", seenHash: held.definitionHash });
    expect((await listKeyToolAccess(db, ctx)).find((entry) => entry.key.name === "app")?.tools.map((tool) => tool.exposedName)).toEqual(["mock__echo"]);
    expect(tagged.name).toBe("tagged");
    // Two listings over HTTP and a dozen transactions: more than the default on a busy machine.
  }, 120_000);

  it("shows members only their own keys, and keeps the review count for admins", async () => {
    upstream.reset();
    const db = await getDb();
    const { ctx } = await signedUpOwner("mcpmember");
    const member = await memberOf(ctx, "member");
    await mcpKey(ctx, "owners-key");
    await mcpKey(ctx, "members-key", { createdById: member.user.id });
    expect((await listKeyToolAccess(db, member.ctx)).map((entry) => entry.key.name)).toEqual(["members-key"]);
    expect((await listKeyToolAccess(db, ctx)).map((entry) => entry.key.name)).toEqual(["members-key", "owners-key"]);
    await expect(toolsNeedingReviewCount(db, member.ctx)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("never shows another org's keys or tools", async () => {
    upstream.reset();
    const db = await getDb();
    const first = await signedUpOwner("mcpfirst");
    const second = await signedUpOwner("mcpsecond");
    await createMcpServer(db, first.ctx, { name: "mock", url: upstream.url, bearerToken: TOKEN, headers: {} });
    await mcpKey(first.ctx, "first-key");
    expect(await listKeyToolAccess(db, second.ctx)).toEqual([]);
    expect(await toolsNeedingReviewCount(db, second.ctx)).toBe(0);
  });
});
