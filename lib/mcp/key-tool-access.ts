import { can } from "@/lib/auth/rbac";
import type { Db } from "@/lib/db/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { grantedTools } from "./authorize";
import { mcpSnapshot } from "./mcp-snapshot";

/**
 * Keys as MCP sees them: which live keys can connect to `/mcp` (they carry the `mcp` scope), and
 * which tools each can call right now. The tools come from the very snapshot and rule `/mcp`
 * authorizes with (lib/mcp/authorize.ts), so this page and a key's tools/list cannot disagree.
 */
export type McpKey = { id: string; name: string; prefix: string; tags: string[] };
export type KeyToolAccess = { key: McpKey; tools: { exposedName: string; requiresCallApproval: boolean }[] };

/** Live keys with the `mcp` scope: those with `key:read` see every one, others only keys they created. */
export async function listMcpKeys(db: Db, ctx: OrgContext): Promise<McpKey[]> {
  assertCan(ctx, "mcp:read");
  const now = new Date();
  return db.apiKey.findMany({
    where: {
      orgId: ctx.org.id,
      revokedAt: null,
      scopes: { has: "mcp" },
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      ...(can(ctx.role, "key:read") ? {} : { createdById: ctx.userId }),
    },
    orderBy: { name: "asc" },
    select: { id: true, name: true, prefix: true, tags: true },
  });
}

export async function listKeyToolAccess(db: Db, ctx: OrgContext): Promise<KeyToolAccess[]> {
  const [keys, snapshot] = await Promise.all([listMcpKeys(db, ctx), mcpSnapshot(ctx.org.id)]);
  return keys.map((key) => ({
    key,
    tools: grantedTools(snapshot, key).map((tool) => ({ exposedName: tool.exposedName, requiresCallApproval: tool.requiresCallApproval })),
  }));
}
