import { describe, expect, it } from "vitest";
import { errorsUnder, mergePlacedErrors, placeErrors, validateDraft } from "@/components/policy/draft-errors";
import { draftFromPolicy, policyDraftReducer } from "@/components/policy/policy-draft";
import { DEFAULT_POLICY_RULES } from "@/lib/policy/default-policy";

const keys = { rules: ["k0", "k1", "k2"], detectors: ["k3"] };

describe("placing error paths on fields", () => {
  it("puts rule and detector messages on their field, by the key of the rule at that index", () => {
    const placed = placeErrors(
      {
        "rules.1.id": ["Two rules are named 'a'."],
        "rules.2.when.detectors.0": ["Too long."],
        "rules.2.when.detectors": ["Unknown detector."],
        "rules.0.action.model": ["Name the model to route to."],
        "rules.0.action": ["Invalid input"],
        "customRules.0.pattern": ["Bad pattern."],
        message: ["Say what changed and why."],
      },
      keys,
    );
    expect(placed.rules).toEqual({
      k1: { id: ["Two rules are named 'a'."] },
      k2: { detectors: ["Too long.", "Unknown detector."] },
      k0: { routeModel: ["Name the model to route to."], action: ["Invalid input"] },
    });
    expect(placed.detectors).toEqual({ k3: { pattern: ["Bad pattern."] } });
    expect(placed.message).toEqual(["Say what changed and why."]);
    expect(placed.unplaced).toEqual([]);
  });

  it("keeps list-wide messages apart and leaves what no field owns unplaced, with its path", () => {
    const placed = placeErrors(
      { rules: ["A policy has at most 500 rules."], customRules: ["Invalid custom rule"], "rules.7.id": ["Gone."], "rules.0.when": ["Odd."], baseVersion: ["Bad."], form: ["Broken."] },
      keys,
    );
    expect(placed.rulesList).toEqual(["A policy has at most 500 rules."]);
    expect(placed.detectorsList).toEqual(["Invalid custom rule"]);
    expect(placed.unplaced).toEqual(["rules.7.id: Gone.", "rules.0.when: Odd.", "baseVersion: Bad.", "Broken."]);
  });

  it("cannot tie indexed messages to rules without the keys they were sent in", () => {
    const placed = placeErrors({ "rules.0.id": ["Bad id."] }, null);
    expect(placed.rules).toEqual({});
    expect(placed.unplaced).toEqual(["rules.0.id: Bad id."]);
  });

  it("merges client and server messages, once each", () => {
    const a = placeErrors({ "rules.0.id": ["Bad id."], message: ["Say what changed and why."] }, keys);
    const b = placeErrors({ "rules.0.id": ["Bad id.", "Taken."], "rules.1.mode": ["Nope."], message: ["Say what changed and why."] }, keys);
    const merged = mergePlacedErrors(a, b);
    expect(merged.rules).toEqual({ k0: { id: ["Bad id.", "Taken."] }, k1: { mode: ["Nope."] } });
    expect(merged.message).toEqual(["Say what changed and why."]);
  });

  it("collects a JSON field's messages with their paths", () => {
    const errors = { rules: ["Not valid JSON: x"], "rules.1.id": ["Dup."], rulesExtra: ["no"], customRules: ["c"] };
    expect(errorsUnder(errors, "rules")).toEqual(["Not valid JSON: x", "rules.1.id: Dup."]);
    expect(errorsUnder(errors, "message")).toBeUndefined();
  });
});

describe("validateDraft", () => {
  const start = draftFromPolicy(DEFAULT_POLICY_RULES, []);

  it("passes the default policy with a change note", () => {
    expect(validateDraft(start, "No change")).toBeNull();
  });

  it("finds duplicate and malformed ids, a missing route model, no direction and no change note", () => {
    const [first, second, third] = start.rules.map((rule) => rule.key);
    let draft = policyDraftReducer(start, { type: "editRule", key: second!, patch: { id: "block-secrets" } });
    draft = policyDraftReducer(draft, { type: "editRule", key: third!, patch: { id: "Bad Id!", directions: [], action: "route" } });
    draft = policyDraftReducer(draft, { type: "editRule", key: first!, patch: { description: "x".repeat(301) } });
    const errors = validateDraft(draft, "  ");
    expect(errors).toEqual({
      "rules.0.description": [expect.any(String)],
      "rules.2.id": ["Use lower-case letters, digits, '.', '_' or '-' (up to 64)."],
      "rules.2.when.directions": ["Pick at least one direction."],
      "rules.2.action.model": ["Name the model to route to."],
      "rules.1.id": ["Two rules are named 'block-secrets'. Rule ids must be unique."],
      message: ["Say what changed and why."],
    });
  });

  it("checks custom detectors: id shape, something to match, unique ids", () => {
    let draft = policyDraftReducer(start, { type: "addDetector" });
    draft = policyDraftReducer(draft, { type: "addDetector" });
    const [first, second] = draft.detectors.map((detector) => detector.key);
    draft = policyDraftReducer(draft, { type: "editDetector", key: first!, patch: { id: "projects", keywords: "Falcon" } });
    draft = policyDraftReducer(draft, { type: "editDetector", key: second!, patch: { id: "custom.x", kind: "regex", pattern: "" } });
    draft = policyDraftReducer(draft, { type: "addDetector" });
    const third = draft.detectors[2]!.key;
    draft = policyDraftReducer(draft, { type: "editDetector", key: third, patch: { id: "custom.x", keywords: " \n " } });
    expect(validateDraft(draft, "note")).toEqual({
      "customRules.0.id": ["Custom detector ids look like custom.project_names."],
      "customRules.1.pattern": ["Write the pattern to match."],
      "customRules.2.keywords": ["List at least one keyword."],
      "customRules.2.id": ["Two custom detectors are named 'custom.x'. Ids must be unique."],
    });
  });
});
