import { describe, expect, it } from "vitest";
import {
  customRulesFromDraft,
  draftFromPolicy,
  moveItem,
  type PolicyDraft,
  policyDraftReducer,
  rulesFromDraft,
  uniqueName,
} from "@/components/policy/policy-draft";
import { DEFAULT_POLICY_RULES } from "@/lib/policy/default-policy";
import type { CustomRule } from "@/lib/inspection/types";
import { policyRulesSchema } from "@/lib/policy/policy-schema";

const customRules: CustomRule[] = [
  { id: "custom.project_names", kind: "keywords", keywords: ["Falcon", "Osprey"], severity: "medium" },
  { id: "custom.ticket", kind: "regex", pattern: "TICKET-[0-9]+", severity: "low", caseSensitive: true },
];

const ids = (draft: PolicyDraft) => draft.rules.map((rule) => rule.id);

describe("policy draft", () => {
  it("gives back exactly the policy it was made from", () => {
    const draft = draftFromPolicy(DEFAULT_POLICY_RULES, customRules);
    // Same JSON, key order included: the history diff compares rules as JSON.
    expect(JSON.stringify(rulesFromDraft(draft))).toBe(JSON.stringify(policyRulesSchema.parse(DEFAULT_POLICY_RULES)));
    expect(customRulesFromDraft(draft)).toEqual(customRules);
  });

  it("numbers keys from 0 so the server and the browser render the same ids", () => {
    const draft = draftFromPolicy(DEFAULT_POLICY_RULES, customRules);
    expect([...draft.rules, ...draft.detectors].map((item) => item.key)).toEqual(["k0", "k1", "k2", "k3", "k4"]);
    expect(draft.nextKey).toBe(5);
  });

  it("turns typed lists into arrays and leaves empty conditions out", () => {
    let draft = draftFromPolicy([], []);
    draft = policyDraftReducer(draft, { type: "addRule" });
    const key = draft.rules[0]!.key;
    draft = policyDraftReducer(draft, {
      type: "editRule",
      key,
      patch: { id: " route-pii ", detectors: "pii.email, pii.*,", models: " gpt-4o ", categories: ["pii"], action: "route", routeModel: " local-llama " },
    });
    expect(rulesFromDraft(draft)).toEqual([
      {
        id: "route-pii",
        enabled: true,
        mode: "enforce",
        when: { directions: ["input"], categories: ["pii"], detectors: ["pii.email", "pii.*"], models: ["gpt-4o"] },
        action: { type: "route", model: "local-llama" },
      },
    ]);
  });

  it("keeps the route model while another action is picked, and sends it only for route", () => {
    let draft = draftFromPolicy([{ ...DEFAULT_POLICY_RULES[0]!, action: { type: "route", model: "m" } }], []);
    const key = draft.rules[0]!.key;
    draft = policyDraftReducer(draft, { type: "editRule", key, patch: { action: "block" } });
    expect(rulesFromDraft(draft)[0]!.action).toEqual({ type: "block" });
    draft = policyDraftReducer(draft, { type: "editRule", key, patch: { action: "route" } });
    expect(rulesFromDraft(draft)[0]!.action).toEqual({ type: "route", model: "m" });
  });

  it("sends keywords or a pattern by kind", () => {
    let draft = draftFromPolicy([], customRules);
    const key = draft.detectors[0]!.key;
    draft = policyDraftReducer(draft, { type: "editDetector", key, patch: { kind: "regex", pattern: "Falcon|Osprey" } });
    expect(customRulesFromDraft(draft)[0]).toEqual({ id: "custom.project_names", kind: "regex", pattern: "Falcon|Osprey", severity: "medium" });
    draft = policyDraftReducer(draft, { type: "editDetector", key, patch: { kind: "keywords" } });
    expect(customRulesFromDraft(draft)[0]).toEqual(customRules[0]);
  });

  it("adds rules and detectors with ids not taken yet", () => {
    let draft = draftFromPolicy([{ ...DEFAULT_POLICY_RULES[0]!, id: "rule-1" }], [{ ...customRules[0]!, id: "custom.detector_1" }]);
    draft = policyDraftReducer(draft, { type: "addRule" });
    draft = policyDraftReducer(draft, { type: "addRule" });
    draft = policyDraftReducer(draft, { type: "addDetector" });
    expect(ids(draft)).toEqual(["rule-1", "rule-2", "rule-3"]);
    expect(draft.detectors.map((detector) => detector.id)).toEqual(["custom.detector_1", "custom.detector_2"]);
    expect(new Set([...draft.rules, ...draft.detectors].map((item) => item.key)).size).toBe(5);
  });

  it("moves a rule by key and never off either end", () => {
    let draft = draftFromPolicy(DEFAULT_POLICY_RULES, []);
    const [first, second, third] = draft.rules.map((rule) => rule.key);
    draft = policyDraftReducer(draft, { type: "moveRule", key: third!, by: -1 });
    expect(draft.rules.map((rule) => rule.key)).toEqual([first, third, second]);
    draft = policyDraftReducer(draft, { type: "moveRule", key: first!, by: -1 });
    expect(draft.rules.map((rule) => rule.key)).toEqual([first, third, second]);
    draft = policyDraftReducer(draft, { type: "moveRule", key: first!, by: 1 });
    expect(draft.rules.map((rule) => rule.key)).toEqual([third, first, second]);
  });

  it("removes by key", () => {
    let draft = draftFromPolicy(DEFAULT_POLICY_RULES, customRules);
    draft = policyDraftReducer(draft, { type: "removeRule", key: draft.rules[1]!.key });
    draft = policyDraftReducer(draft, { type: "removeDetector", key: draft.detectors[0]!.key });
    expect(ids(draft)).toEqual(["block-secrets", "flag-prompt-injection"]);
    expect(draft.detectors.map((detector) => detector.id)).toEqual(["custom.ticket"]);
  });

  it("replaces the draft with fresh keys, so old error placements cannot stick to new rules", () => {
    const before = draftFromPolicy(DEFAULT_POLICY_RULES, []);
    const after = policyDraftReducer(before, { type: "replace", rules: DEFAULT_POLICY_RULES.slice(0, 1), customRules });
    expect(ids(after)).toEqual(["block-secrets"]);
    expect(after.rules[0]!.key).toBe("k3");
    expect(after.nextKey).toBe(6);
  });
});

describe("moveItem and uniqueName", () => {
  it("moves within bounds only", () => {
    expect(moveItem(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 2, -2)).toEqual(["c", "a", "b"]);
    expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], -1, 1)).toEqual(["a", "b", "c"]);
  });

  it("picks the first free name", () => {
    expect(uniqueName([], (n) => `rule-${n}`)).toBe("rule-1");
    expect(uniqueName(["rule-1", "rule-3"], (n) => `rule-${n}`)).toBe("rule-2");
  });
});
