import type { CustomRule, Severity } from "@/lib/inspection/types";
import type { Category, Direction, PolicyRule } from "@/lib/policy/policy-schema";
import { formatLines, formatList, parseLines, parseList } from "./list-input";

/**
 * The policy as the form edits it. Lists stay as the text the person typed (so "a, " is not
 * rewritten mid-word) and become arrays only when the draft is checked or submitted.
 */
export const ACTION_TYPES = ["block", "redact", "flag", "route", "allow"] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export type RuleDraft = {
  /** Stable across edits and moves: React keys, field ids and error placement follow it, not the position. */
  key: string;
  id: string;
  description: string;
  enabled: boolean;
  mode: PolicyRule["mode"];
  directions: Direction[];
  categories: Category[];
  detectors: string;
  /** "" is "any severity". */
  minSeverity: Severity | "";
  models: string;
  keyTags: string;
  keyIds: string;
  action: ActionType;
  /** Kept while another action is picked, so going back to route does not lose it. */
  routeModel: string;
};

export type DetectorDraft = {
  key: string;
  id: string;
  kind: CustomRule["kind"];
  /** One keyword per line. Both texts are kept when the kind changes, for the same reason as routeModel. */
  keywords: string;
  pattern: string;
  severity: Severity;
  caseSensitive: boolean;
};

export type PolicyDraft = { rules: RuleDraft[]; detectors: DetectorDraft[]; nextKey: number };

export type RuleField = Exclude<keyof RuleDraft, "key">;
export type DetectorField = Exclude<keyof DetectorDraft, "key">;

function ruleToDraft(rule: PolicyRule, key: string): RuleDraft {
  const { when, action } = rule;
  return {
    key,
    id: rule.id,
    description: rule.description ?? "",
    enabled: rule.enabled,
    mode: rule.mode,
    directions: [...when.directions],
    categories: [...(when.categories ?? [])],
    detectors: formatList(when.detectors),
    minSeverity: when.minSeverity ?? "",
    models: formatList(when.models),
    keyTags: formatList(when.keyTags),
    keyIds: formatList(when.keyIds),
    action: action.type,
    routeModel: action.type === "route" ? action.model : "",
  };
}

function detectorToDraft(rule: CustomRule, key: string): DetectorDraft {
  return {
    key,
    id: rule.id,
    kind: rule.kind,
    keywords: formatLines(rule.keywords),
    pattern: rule.pattern ?? "",
    severity: rule.severity,
    caseSensitive: rule.caseSensitive ?? false,
  };
}

/** Keys are numbered from 0 in order, so the server render and the browser's first render agree. */
export function draftFromPolicy(rules: PolicyRule[], customRules: CustomRule[], firstKey = 0): PolicyDraft {
  let nextKey = firstKey;
  return {
    rules: rules.map((rule) => ruleToDraft(rule, `k${nextKey++}`)),
    detectors: customRules.map((rule) => detectorToDraft(rule, `k${nextKey++}`)),
    nextKey,
  };
}

/**
 * The rule the draft describes, in the schema's key order (the history diff compares JSON). Empty
 * conditions are left out rather than sent as [], because an empty list matches nothing.
 */
function ruleFromDraft(draft: RuleDraft): PolicyRule {
  const list = (text: string) => {
    const items = parseList(text);
    return items.length ? items : undefined;
  };
  const when: PolicyRule["when"] = { directions: draft.directions };
  if (draft.categories.length) when.categories = draft.categories;
  const detectors = list(draft.detectors);
  if (detectors) when.detectors = detectors;
  if (draft.minSeverity) when.minSeverity = draft.minSeverity;
  const models = list(draft.models);
  if (models) when.models = models;
  const keyIds = list(draft.keyIds);
  if (keyIds) when.keyIds = keyIds;
  const keyTags = list(draft.keyTags);
  if (keyTags) when.keyTags = keyTags;
  const description = draft.description.trim();
  return {
    id: draft.id.trim(),
    ...(description ? { description } : {}),
    enabled: draft.enabled,
    mode: draft.mode,
    when,
    action: draft.action === "route" ? { type: "route", model: draft.routeModel.trim() } : { type: draft.action },
  };
}

function detectorFromDraft(draft: DetectorDraft): CustomRule {
  return {
    id: draft.id.trim(),
    kind: draft.kind,
    // A regex's spaces may be meant; a keyword's surrounding spaces never are.
    ...(draft.kind === "keywords" ? { keywords: parseLines(draft.keywords) } : { pattern: draft.pattern }),
    severity: draft.severity,
    ...(draft.caseSensitive ? { caseSensitive: true } : {}),
  };
}

export const rulesFromDraft = (draft: PolicyDraft) => draft.rules.map(ruleFromDraft);
export const customRulesFromDraft = (draft: PolicyDraft) => draft.detectors.map(detectorFromDraft);

/** The list with the item at `index` moved `by` places; unchanged when that would leave the list. */
export function moveItem<T>(items: readonly T[], index: number, by: number): T[] {
  const target = index + by;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const moved = [...items];
  const [item] = moved.splice(index, 1);
  moved.splice(target, 0, item as T);
  return moved;
}

/** The first of name(1), name(2), … that is not taken. */
export function uniqueName(taken: Iterable<string>, name: (n: number) => string): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(name(n))) n++;
  return name(n);
}

export type DraftChange =
  | { type: "editRule"; key: string; patch: Partial<Omit<RuleDraft, "key">> }
  | { type: "addRule" }
  | { type: "removeRule"; key: string }
  | { type: "moveRule"; key: string; by: -1 | 1 }
  | { type: "editDetector"; key: string; patch: Partial<Omit<DetectorDraft, "key">> }
  | { type: "addDetector" }
  | { type: "removeDetector"; key: string }
  | { type: "replace"; rules: PolicyRule[]; customRules: CustomRule[] };

export function policyDraftReducer(draft: PolicyDraft, change: DraftChange): PolicyDraft {
  switch (change.type) {
    case "editRule":
      return { ...draft, rules: draft.rules.map((rule) => (rule.key === change.key ? { ...rule, ...change.patch } : rule)) };
    case "addRule": {
      const id = uniqueName(
        draft.rules.map((rule) => rule.id.trim()),
        (n) => `rule-${n}`,
      );
      // Flag is the mildest action that still does something visible, a safe start for a new rule.
      const rule: RuleDraft = {
        key: `k${draft.nextKey}`,
        id,
        description: "",
        enabled: true,
        mode: "enforce",
        directions: ["input"],
        categories: [],
        detectors: "",
        minSeverity: "",
        models: "",
        keyTags: "",
        keyIds: "",
        action: "flag",
        routeModel: "",
      };
      return { ...draft, rules: [...draft.rules, rule], nextKey: draft.nextKey + 1 };
    }
    case "removeRule":
      return { ...draft, rules: draft.rules.filter((rule) => rule.key !== change.key) };
    case "moveRule": {
      const index = draft.rules.findIndex((rule) => rule.key === change.key);
      return { ...draft, rules: moveItem(draft.rules, index, change.by) };
    }
    case "editDetector":
      return { ...draft, detectors: draft.detectors.map((rule) => (rule.key === change.key ? { ...rule, ...change.patch } : rule)) };
    case "addDetector": {
      const id = uniqueName(
        draft.detectors.map((rule) => rule.id.trim()),
        (n) => `custom.detector_${n}`,
      );
      const detector: DetectorDraft = { key: `k${draft.nextKey}`, id, kind: "keywords", keywords: "", pattern: "", severity: "medium", caseSensitive: false };
      return { ...draft, detectors: [...draft.detectors, detector], nextKey: draft.nextKey + 1 };
    }
    case "removeDetector":
      return { ...draft, detectors: draft.detectors.filter((rule) => rule.key !== change.key) };
    case "replace":
      return draftFromPolicy(change.rules, change.customRules, draft.nextKey);
  }
}
