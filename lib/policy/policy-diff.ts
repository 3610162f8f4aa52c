import type { PolicyRule } from "./policy-schema";

export type RuleChange =
  | { type: "added"; rule: PolicyRule; position: number }
  | { type: "removed"; rule: PolicyRule }
  | { type: "changed"; before: PolicyRule; after: PolicyRule; position: number };

export type PolicyDiff = {
  changes: RuleChange[];
  /** The rules both versions share run in another order (order decides which rule wins). */
  reordered: boolean;
};

/** What changed between two versions, rule by rule (rules are matched by id). */
export function diffPolicies(before: PolicyRule[], after: PolicyRule[]): PolicyDiff {
  const changes: RuleChange[] = [];
  const oldById = new Map(before.map((rule) => [rule.id, rule]));
  const newIds = new Set(after.map((rule) => rule.id));
  after.forEach((rule, position) => {
    const old = oldById.get(rule.id);
    if (!old) changes.push({ type: "added", rule, position });
    else if (JSON.stringify(old) !== JSON.stringify(rule)) changes.push({ type: "changed", before: old, after: rule, position });
  });
  for (const rule of before) if (!newIds.has(rule.id)) changes.push({ type: "removed", rule });
  const shared = (rules: PolicyRule[], other: Set<string>) => rules.map((rule) => rule.id).filter((id) => other.has(id));
  const reordered = shared(before, newIds).join("\n") !== shared(after, new Set(oldById.keys())).join("\n");
  return { changes, reordered };
}
