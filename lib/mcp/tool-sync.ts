import { recordActivity, type ActivityActor } from "@/lib/activity/record-activity";
import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { definitionHash, type ToolDefinition, toToolDefinitions } from "./tool-definition";
import { listRawTools, type UpstreamServer, withUpstream } from "./upstream-client";

/**
 * Keeps the stored tools of a server in step with what it lists. A new tool arrives unreviewed;
 * an approved tool whose definition changed is held (`changed`) until an admin approves the new
 * definition, and goes back to approved if the server reverts to the approved one; a tool the
 * server stops listing is marked removed. Nothing here ever approves anything.
 */
export type SyncSummary = { added: string[]; changed: string[]; held: string[]; restored: string[]; removed: string[]; total: number };

type Tx = Prisma.TransactionClient;

export async function applyListing(db: Db, server: { id: string; orgId: string; name: string }, definitions: ToolDefinition[], actor: ActivityActor): Promise<SyncSummary> {
  const summary: SyncSummary = { added: [], changed: [], held: [], restored: [], removed: [], total: definitions.length };
  await db.$transaction(async (tx) => {
    // Lock the server row: two syncs at once (an admin's and a call's recheck) apply one after the other.
    await tx.$queryRaw`SELECT id FROM "McpServer" WHERE id = ${server.id} FOR UPDATE`;
    const stored = new Map((await tx.mcpTool.findMany({ where: { serverId: server.id } })).map((tool) => [tool.name, tool]));
    const now = new Date();
    for (const definition of definitions) {
      const hash = definitionHash(definition);
      const existing = stored.get(definition.name);
      stored.delete(definition.name);
      if (!existing) {
        await tx.mcpTool.create({ data: { orgId: server.orgId, serverId: server.id, name: definition.name, definition: definition as Prisma.InputJsonValue, definitionHash: hash } });
        summary.added.push(definition.name);
        continue;
      }
      if (existing.definitionHash === hash && !existing.removedAt) continue;
      const state = nextState(existing.state, existing.approvedHash, hash);
      await tx.mcpTool.update({ where: { id: existing.id }, data: { definition: definition as Prisma.InputJsonValue, definitionHash: hash, removedAt: null, state } });
      if (existing.definitionHash !== hash) summary.changed.push(definition.name);
      if (state === "changed" && existing.state === "approved") summary.held.push(definition.name);
      if (state === "approved" && existing.state === "changed") summary.restored.push(definition.name);
    }
    const gone = [...stored.values()].filter((tool) => !tool.removedAt);
    if (gone.length) {
      await tx.mcpTool.updateMany({ where: { id: { in: gone.map((tool) => tool.id) } }, data: { removedAt: now } });
      summary.removed.push(...gone.map((tool) => tool.name));
    }
    await tx.mcpServer.update({ where: { id: server.id }, data: { lastSyncedAt: now, lastSyncError: null } });
    if (summary.added.length || summary.changed.length || summary.removed.length) {
      await recordSync(tx, server, summary, actor);
    }
  });
  await invalidateOrg(server.orgId);
  return summary;
}

function nextState(state: string, approvedHash: string | null, hash: string) {
  if (state === "approved" && approvedHash !== hash) return "changed" as const;
  if (state === "changed" && approvedHash === hash) return "approved" as const;
  return state as "unreviewed" | "approved" | "denied" | "changed";
}

async function recordSync(tx: Tx, server: { id: string; orgId: string; name: string }, summary: SyncSummary, actor: ActivityActor) {
  const parts = [
    summary.added.length && `${summary.added.length} new`,
    summary.held.length && `${summary.held.length} held for a changed definition`,
    summary.changed.length - summary.held.length > 0 && `${summary.changed.length - summary.held.length} changed`,
    summary.removed.length && `${summary.removed.length} removed`,
  ].filter(Boolean);
  await recordActivity(tx, {
    orgId: server.orgId,
    actor,
    action: summary.held.length ? "mcp_tool.held" : "mcp_server.synced",
    targetType: "mcp_server",
    targetId: server.id,
    summary: `Tools of MCP server ${server.name}: ${parts.join(", ")}`,
    details: { added: summary.added, changed: summary.changed, held: summary.held, restored: summary.restored, removed: summary.removed },
  });
}

/** Lists the server's tools upstream and applies them; a failure is kept on the server and rethrown. */
export async function syncServerTools(db: Db, server: UpstreamServer & { orgId: string }, actor: ActivityActor, signal: AbortSignal): Promise<SyncSummary> {
  let definitions: ToolDefinition[];
  try {
    definitions = await withUpstream(server, signal, async (client) => toToolDefinitions(await listRawTools(client, signal)));
  } catch (error) {
    await db.mcpServer.update({ where: { id: server.id }, data: { lastSyncError: (error as Error).message.slice(0, 500) } });
    throw error;
  }
  return applyListing(db, server, definitions, actor);
}
