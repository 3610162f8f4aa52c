import type { ApprovalState } from "@/lib/generated/prisma/enums";

/**
 * The approval rule, in one place for the gateway (who may call a model) and the dashboard (what
 * a person sees and may ask for). Pure: no database, so it is unit-tested on its own.
 */

/** A catalog model's approval. With state approved and both lists empty: every key of the org. */
export type ModelApproval = { state: ApprovalState; keyIds: readonly string[]; keyTags: readonly string[] };

/** What is asked for or granted. Both lists empty means every key of the org. */
export type AccessScope = { keyIds: string[]; keyTags: string[] };

/** The facts of an API key the rule reads. */
export type KeyFacts = { id: string; tags: readonly string[]; modelAllowlist: readonly string[] };

const ORG_WIDE: AccessScope = { keyIds: [], keyTags: [] };

export function isOrgWide(scope: { keyIds: readonly string[]; keyTags: readonly string[] }): boolean {
  return scope.keyIds.length === 0 && scope.keyTags.length === 0;
}

/** Approved for every key of the org: the only approval a signed-in user (the playground) rides on. */
export function approvedOrgWide(approval: ModelApproval): boolean {
  return approval.state === "approved" && isOrgWide(approval);
}

/** The approval names this key: org-wide, by its id, or by one of its tags. */
export function approvalCoversKey(approval: ModelApproval, key: Pick<KeyFacts, "id" | "tags">): boolean {
  if (approval.state !== "approved") return false;
  if (isOrgWide(approval)) return true;
  return approval.keyIds.includes(key.id) || key.tags.some((tag) => approval.keyTags.includes(tag));
}

/** The key's own allowlist, if it has one, names the model. */
export function allowlistAdmits(key: Pick<KeyFacts, "modelAllowlist">, publicName: string): boolean {
  return key.modelAllowlist.length === 0 || key.modelAllowlist.includes(publicName);
}

/** The whole rule: approved for this key, and not excluded by the key's own allowlist. */
export function keyMayUse(model: { publicName: string; approval: ModelApproval }, key: KeyFacts): boolean {
  return approvalCoversKey(model.approval, key) && allowlistAdmits(key, model.publicName);
}

/** Sorted and without repeats, so two scopes compare equal exactly when they grant the same. */
export function normalizeScope(scope: { keyIds: readonly string[]; keyTags: readonly string[] }): AccessScope {
  return { keyIds: [...new Set(scope.keyIds)].sort(), keyTags: [...new Set(scope.keyTags)].sort() };
}

/**
 * The approval after granting `granted` on top of `current`. Org-wide wins either way; two
 * limited approvals add up; a model that was not approved gets exactly what is granted.
 */
export function mergeScopes(current: ModelApproval, granted: AccessScope): AccessScope {
  if (isOrgWide(granted) || approvedOrgWide(current)) return ORG_WIDE;
  if (current.state !== "approved") return normalizeScope(granted);
  return normalizeScope({ keyIds: [...current.keyIds, ...granted.keyIds], keyTags: [...current.keyTags, ...granted.keyTags] });
}

/** The current approval already grants everything `scope` asks for, so asking again is pointless. */
export function scopeCovered(current: ModelApproval, scope: AccessScope): boolean {
  if (approvedOrgWide(current)) return true;
  if (current.state !== "approved" || isOrgWide(scope)) return false;
  return scope.keyIds.every((id) => current.keyIds.includes(id)) && scope.keyTags.every((tag) => current.keyTags.includes(tag));
}

/**
 * One line for people: "every key", or "tags team:data; keys ci-runner and 2 other keys". Keys
 * the viewer may not see by name (`names` lacks them) are only counted.
 */
export function describeScope(scope: { keyIds: readonly string[]; keyTags: readonly string[] }, names: ReadonlyMap<string, string> = new Map()): string {
  if (isOrgWide(scope)) return "every key";
  const parts: string[] = [];
  if (scope.keyTags.length) parts.push(`${scope.keyTags.length === 1 ? "tag" : "tags"} ${scope.keyTags.join(", ")}`);
  if (scope.keyIds.length) {
    const known = scope.keyIds.flatMap((id) => (names.has(id) ? [names.get(id)!] : []));
    const others = scope.keyIds.length - known.length;
    const counted = others ? [`${others} ${known.length ? "other " : ""}${others === 1 ? "key" : "keys"}`] : [];
    parts.push(`${known.length ? (scope.keyIds.length === 1 ? "key " : "keys ") : ""}${[...known, ...counted].join(" and ")}`);
  }
  return parts.join("; ");
}
