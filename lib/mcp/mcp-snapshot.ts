import { LRUCache } from "lru-cache";
import { onOrgInvalidated } from "@/lib/cache/invalidation";
import { getDb } from "@/lib/db/client";
import type { McpToolState } from "@/lib/generated/prisma/enums";
import { openHeaders } from "./server-credentials";
import { exposedToolName, type ToolDefinition } from "./tool-definition";
import type { UpstreamServer } from "./upstream-client";

/**
 * What `/mcp` reads, held in memory per org: servers (credentials decrypted) and every tool with
 * its state and grants. Dropped on every instance when anything of the org changes
 * (lib/cache/invalidation.ts), like the gateway's own snapshot; the TTL is only a safety net.
 */
export type ToolEntry = {
  id: string;
  server: UpstreamServer;
  /** The upstream name (`create_issue`) and the name clients see (`github__create_issue`). */
  name: string;
  exposedName: string;
  state: McpToolState;
  removed: boolean;
  /** As last listed, and as approved (what clients are shown). */
  definitionHash: string;
  approvedHash: string | null;
  approvedDefinition: ToolDefinition | null;
  requiresCallApproval: boolean;
  grantAllKeys: boolean;
  grantedKeyIds: string[];
  grantedKeyTags: string[];
};

export type McpSnapshot = { orgId: string; tools: Map<string, ToolEntry> };

const globalForMcp = globalThis as unknown as { mcpSnapshots?: LRUCache<string, McpSnapshot> };

function cache(): LRUCache<string, McpSnapshot> {
  if (globalForMcp.mcpSnapshots) return globalForMcp.mcpSnapshots;
  const created = new LRUCache<string, McpSnapshot>({ max: 10_000, ttl: 5 * 60_000 });
  onOrgInvalidated((orgId) => created.delete(orgId));
  globalForMcp.mcpSnapshots = created;
  return created;
}

export async function mcpSnapshot(orgId: string): Promise<McpSnapshot> {
  const cached = cache().get(orgId);
  if (cached) return cached;
  const db = await getDb();
  const servers = await db.mcpServer.findMany({
    where: { orgId },
    select: { id: true, name: true, url: true, encryptedHeaders: true, tools: true },
  });
  const tools = new Map<string, ToolEntry>();
  for (const server of servers) {
    const upstream: UpstreamServer = { id: server.id, name: server.name, url: server.url, headers: openHeaders(orgId, server.encryptedHeaders) };
    for (const tool of server.tools) {
      const exposedName = exposedToolName(server.name, tool.name);
      tools.set(exposedName, {
        id: tool.id,
        server: upstream,
        name: tool.name,
        exposedName,
        state: tool.state,
        removed: tool.removedAt !== null,
        definitionHash: tool.definitionHash,
        approvedHash: tool.approvedHash,
        approvedDefinition: tool.approvedDefinition as ToolDefinition | null,
        requiresCallApproval: tool.requiresCallApproval,
        grantAllKeys: tool.grantAllKeys,
        grantedKeyIds: tool.grantedKeyIds,
        grantedKeyTags: tool.grantedKeyTags,
      });
    }
  }
  const snapshot = { orgId, tools };
  cache().set(orgId, snapshot);
  return snapshot;
}
