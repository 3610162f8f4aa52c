import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/inspection/types";
import { evaluatePolicy, type RequestFacts } from "@/lib/policy/evaluate";
import { policyRulesSchema, type PolicyRule } from "@/lib/policy/policy-schema";

const finding = (ruleId: string, category: Finding["category"], severity: Finding["severity"] = "high", start = 0): Finding => ({
  ruleId,
  category,
  severity,
  confidence: 0.9,
  start,
  end: start + 10,
});
const rules = (input: unknown[]): PolicyRule[] => policyRulesSchema.parse(input);
const input: RequestFacts = { direction: "input", model: "gpt-4o-mini", keyId: "key_1" };

describe("evaluatePolicy", () => {
  const policy = rules([
    { id: "block-secrets", when: { categories: ["secret"] }, action: { type: "block" } },
    { id: "redact-cards", when: { detectors: ["pii.credit_card", "pii.national_id*"] }, action: { type: "redact" } },
    { id: "flag-injection", when: { categories: ["prompt_injection"], minSeverity: "medium" }, action: { type: "flag" } },
  ]);

  it("allows a request with no findings, naming no rule", () => {
    expect(evaluatePolicy(policy, [], input)).toEqual({ action: "allow", matchedRules: [], monitoredRules: [], redact: [], flagged: false });
  });

  it("blocks on a secret, and block outranks redact and flag", () => {
    const decision = evaluatePolicy(policy, [finding("pii.credit_card", "pii"), finding("secret.aws_access_key_id", "secret")], input);
    expect(decision.action).toBe("block");
    expect(decision.matchedRules).toEqual(["block-secrets", "redact-cards"]);
  });

  it("redacts exactly the findings its rules select, with prefix patterns", () => {
    const card = finding("pii.credit_card", "pii", "high", 5);
    const id = finding("pii.national_id_es", "pii", "high", 30);
    const email = finding("pii.email", "pii", "low", 50);
    const decision = evaluatePolicy(policy, [card, id, email], input);
    expect(decision).toMatchObject({ action: "redact", matchedRules: ["redact-cards"], redact: [card, id] });
  });

  it("honours severity thresholds", () => {
    expect(evaluatePolicy(policy, [finding("injection.role_hijack", "prompt_injection", "low")], input).action).toBe("allow");
    expect(evaluatePolicy(policy, [finding("injection.role_hijack", "prompt_injection", "high")], input)).toMatchObject({ action: "flag", flagged: true });
  });

  it("stops at an allow rule placed above broader rules", () => {
    const withException = rules([
      { id: "local-model-may-see-secrets", when: { models: ["local-llama"], categories: ["secret"] }, action: { type: "allow" } },
      ...policy,
    ]);
    const secret = [finding("secret.github_pat", "secret")];
    expect(evaluatePolicy(withException, secret, { ...input, model: "local-llama" })).toMatchObject({ action: "allow", matchedRules: ["local-model-may-see-secrets"] });
    expect(evaluatePolicy(withException, secret, input).action).toBe("block");
  });

  it("records monitor-mode rules without acting on them", () => {
    const monitored = rules([{ id: "would-block", mode: "monitor", when: { categories: ["secret"] }, action: { type: "block" } }]);
    expect(evaluatePolicy(monitored, [finding("secret.npm_token", "secret")], input)).toMatchObject({ action: "allow", matchedRules: [], monitoredRules: ["would-block"] });
  });

  it("applies rules only to their directions, keys and models, and skips disabled rules", () => {
    const scoped = rules([
      { id: "output-only", when: { directions: ["output"], categories: ["pii"] }, action: { type: "redact" } },
      { id: "key-only", when: { keyIds: ["key_2"], categories: ["pii"] }, action: { type: "block" } },
      { id: "off", enabled: false, when: { categories: ["pii"] }, action: { type: "block" } },
      { id: "route-sensitive", when: { categories: ["pii"] }, action: { type: "route", model: "local-llama" } },
    ]);
    const pii = [finding("pii.email", "pii")];
    expect(evaluatePolicy(scoped, pii, input)).toMatchObject({ action: "allow", matchedRules: ["route-sensitive"], routeTo: "local-llama" });
    expect(evaluatePolicy(scoped, pii, { ...input, direction: "output" }).matchedRules).toEqual(["output-only"]);
    expect(evaluatePolicy(scoped, pii, { ...input, keyId: "key_2" }).action).toBe("block");
  });

  it("rejects malformed rules with their path, and duplicate rule ids", () => {
    const malformed = policyRulesSchema.safeParse([{ id: "Bad Id", action: { type: "route" } }]);
    expect(malformed.error!.issues.map((issue) => issue.path.join("."))).toEqual(expect.arrayContaining(["0.id", "0.action.model"]));
    const duplicated = policyRulesSchema.safeParse([
      { id: "a", action: { type: "block" } },
      { id: "a", action: { type: "flag" } },
    ]);
    expect(duplicated.error!.issues).toEqual([expect.objectContaining({ path: [1, "id"], message: "Two rules are named 'a'. Rule ids must be unique." })]);
  });

  it("refuses an empty condition list, which would silently match nothing", () => {
    for (const field of ["categories", "detectors", "models", "keyIds", "keyTags"]) {
      const parsed = policyRulesSchema.safeParse([{ id: "a", when: { directions: ["input"], [field]: [] }, action: { type: "block" } }]);
      expect(parsed.error?.issues.map((issue) => issue.path.join("."))).toEqual([`0.when.${field}`]);
    }
  });
});
