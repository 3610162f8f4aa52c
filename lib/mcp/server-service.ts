import { by, recordActivity } from "@/lib/activity/record-activity";
import { assertPlanAllows } from "@/lib/billing/plan-enforcement";
import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import { AppError, ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { assertPublicUpstream, BlockedUpstreamError } from "@/lib/providers/ssrf";
import type { McpServerInput, McpServerUpdate } from "@/lib/schemas/mcp";
import { credentialHeaders, openHeaders, sealHeaders } from "./server-credentials";
import { type SyncSummary, syncServerTools } from "./tool-sync";
import { MalformedToolsError } from "./tool-definition";
import { UpstreamMcpError } from "./upstream-client";

/**
 * Upstream MCP servers of an org: registered, edited and removed by admins (`mcp:write`), listed
 * by anyone with `mcp:read`. Credentials are encrypted and never shown back, only their hints.
 * Registering a server lists its tools at once; they all start unreviewed.
 */
const listed = {
  id: true,
  name: true,
  url: true,
  headerHints: true,
  lastSyncedAt: true,
  lastSyncError: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type McpServerView = Prisma.McpServerGetPayload<{ select: typeof listed }> & { toolCounts: Record<"unreviewed" | "approved" | "denied" | "changed" | "removed", number> };

/** How long an admin's "list tools now" may take before the page answers. */
const SYNC_TIMEOUT_MS = 20_000;

export async function listMcpServers(db: Db, ctx: OrgContext): Promise<McpServerView[]> {
  assertCan(ctx, "mcp:read");
  const [servers, counts] = await Promise.all([
    db.mcpServer.findMany({ where: { orgId: ctx.org.id }, orderBy: { name: "asc" }, select: listed }),
    db.mcpTool.groupBy({ by: ["serverId", "state", "removedAt"], where: { orgId: ctx.org.id }, _count: { _all: true } }),
  ]);
  return servers.map((server) => {
    const toolCounts = { unreviewed: 0, approved: 0, denied: 0, changed: 0, removed: 0 };
    for (const row of counts) {
      if (row.serverId !== server.id) continue;
      toolCounts[row.removedAt ? "removed" : row.state] += row._count._all;
    }
    return { ...server, toolCounts };
  });
}

export async function getMcpServer(db: Db, ctx: OrgContext, serverId: string) {
  assertCan(ctx, "mcp:read");
  const server = await db.mcpServer.findFirst({ where: { id: serverId, orgId: ctx.org.id }, select: listed });
  if (!server) throw new NotFoundError("MCP server not found.");
  return server;
}

export async function createMcpServer(db: Db, ctx: OrgContext, input: McpServerInput) {
  assertCan(ctx, "mcp:write");
  await assertUrlAllowed(input.url);
  const sealed = sealHeaders(ctx.org.id, credentialHeaders(input));
  let server;
  try {
    server = await db.$transaction(async (tx) => {
      await assertPlanAllows(tx, ctx.org.id, "mcpServers");
      const created = await tx.mcpServer.create({ data: { orgId: ctx.org.id, name: input.name, url: input.url, ...sealed, createdById: ctx.userId }, select: listed });
      await recordActivity(tx, { ...by(ctx), action: "mcp_server.created", targetType: "mcp_server", targetId: created.id, summary: `Registered MCP server ${created.name}`, details: { name: created.name, url: created.url, headers: created.headerHints.map((hint) => hint.split(" ")[0]) } });
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError("An MCP server with this name exists.", { name: ["An MCP server with this name exists. Choose another."] });
    }
    throw error;
  }
  // The server is kept even when its first listing fails: the error shows on its page, and "List tools" retries.
  const sync = await syncMcpServer(db, ctx, server.id).then(
    (summary) => ({ summary, error: null }),
    (error: Error) => ({ summary: null, error: error.message }),
  );
  return { server: await getMcpServer(db, ctx, server.id), ...sync };
}

export async function updateMcpServer(db: Db, ctx: OrgContext, serverId: string, input: McpServerUpdate) {
  assertCan(ctx, "mcp:write");
  const current = await db.mcpServer.findFirst({ where: { id: serverId, orgId: ctx.org.id }, select: { id: true, name: true, url: true } });
  if (!current) throw new NotFoundError("MCP server not found.");
  if (input.url) await assertUrlAllowed(input.url);
  const newCredentials = input.bearerToken !== undefined || input.headers !== undefined;
  const data: Prisma.McpServerUpdateInput = {
    ...(input.url ? { url: input.url } : {}),
    ...(input.clearCredentials ? { encryptedHeaders: null, headerHints: [] } : {}),
    ...(newCredentials ? sealHeaders(ctx.org.id, credentialHeaders(input)) : {}),
  };
  const server = await db.$transaction(async (tx) => {
    const updated = await tx.mcpServer.update({ where: { id: current.id }, data, select: listed });
    await recordActivity(tx, { ...by(ctx), action: "mcp_server.updated", targetType: "mcp_server", targetId: current.id, summary: `Updated MCP server ${current.name}`, details: { url: input.url && input.url !== current.url ? { from: current.url, to: input.url } : undefined, credentialsReplaced: newCredentials, credentialsCleared: input.clearCredentials } });
    return updated;
  });
  await invalidateOrg(ctx.org.id);
  return server;
}

export async function deleteMcpServer(db: Db, ctx: OrgContext, serverId: string): Promise<void> {
  assertCan(ctx, "mcp:write");
  await db.$transaction(async (tx) => {
    const server = await tx.mcpServer.findFirst({ where: { id: serverId, orgId: ctx.org.id }, select: { id: true, name: true, url: true } });
    if (!server) throw new NotFoundError("MCP server not found.");
    await tx.mcpServer.delete({ where: { id: server.id } });
    await recordActivity(tx, { ...by(ctx), action: "mcp_server.deleted", targetType: "mcp_server", targetId: server.id, summary: `Removed MCP server ${server.name} and its tools`, details: { name: server.name, url: server.url } });
  });
  await invalidateOrg(ctx.org.id);
}

/** Lists the server's tools now. Upstream failures become a 502 with the reason (also kept on the server). */
export async function syncMcpServer(db: Db, ctx: OrgContext, serverId: string): Promise<SyncSummary> {
  assertCan(ctx, "mcp:write");
  const row = await db.mcpServer.findFirst({ where: { id: serverId, orgId: ctx.org.id }, select: { id: true, orgId: true, name: true, url: true, encryptedHeaders: true } });
  if (!row) throw new NotFoundError("MCP server not found.");
  const server = { id: row.id, orgId: row.orgId, name: row.name, url: row.url, headers: openHeaders(row.orgId, row.encryptedHeaders) };
  try {
    return await syncServerTools(db, server, by(ctx).actor, AbortSignal.timeout(SYNC_TIMEOUT_MS));
  } catch (error) {
    if (error instanceof UpstreamMcpError || error instanceof MalformedToolsError) throw new AppError(error.message, 502, "mcp_upstream_error");
    if (error instanceof Error && "code" in error && typeof error.code === "number") throw new AppError(`MCP server ${row.name}: ${error.message}`, 502, "mcp_upstream_error");
    throw error;
  }
}

async function assertUrlAllowed(url: string) {
  try {
    await assertPublicUpstream(url);
  } catch (error) {
    if (error instanceof BlockedUpstreamError) throw new ValidationError(error.message, { url: [error.message] });
    throw new ValidationError("That host could not be resolved.", { url: ["That host could not be resolved. Check the URL."] });
  }
}
