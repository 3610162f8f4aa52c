import type { Db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/orgs/org-access";
import { assertCan } from "@/lib/orgs/org-access";
import { toolNamesSeen } from "./tool-names-seen";

/**
 * Choices for the search form's pickers: the org's keys, people, providers, policy rule ids
 * (of every version, so rules since removed can still be searched for) and the MCP tools called.
 */
export async function searchOptions(db: Db, ctx: OrgContext) {
  assertCan(ctx, "audit:read");
  const orgId = ctx.org.id;
  const [keys, members, providers, versions, tools] = await Promise.all([
    db.apiKey.findMany({ where: { orgId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.membership.findMany({ where: { orgId }, select: { user: { select: { id: true, email: true } } }, orderBy: { createdAt: "asc" } }),
    db.provider.findMany({ where: { orgId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.policyVersion.findMany({ where: { orgId }, select: { rules: true }, orderBy: { version: "desc" }, take: 50 }),
    toolNamesSeen(db, orgId),
  ]);
  const rules = new Set<string>();
  for (const version of versions) for (const rule of (version.rules as { id?: unknown }[]) ?? []) if (typeof rule.id === "string") rules.add(rule.id);
  return { keys, users: members.map((m) => m.user), providers, rules: [...rules].sort(), tools };
}

export type SearchOptions = Awaited<ReturnType<typeof searchOptions>>;
