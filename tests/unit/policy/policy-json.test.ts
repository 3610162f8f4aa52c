import { describe, expect, it } from "vitest";
import { draftFromPolicy } from "@/components/policy/policy-draft";
import { parsePolicyJson, policyToJson } from "@/components/policy/policy-json";
import { DEFAULT_POLICY_RULES } from "@/lib/policy/default-policy";

describe("the JSON editor's texts", () => {
  it("round-trips the draft", () => {
    const customRules = [{ id: "custom.x", kind: "keywords" as const, keywords: ["Falcon"], severity: "low" as const }];
    const json = policyToJson(draftFromPolicy(DEFAULT_POLICY_RULES, customRules));
    expect(parsePolicyJson(json)).toEqual({ ok: true, rules: DEFAULT_POLICY_RULES, customRules });
  });

  it("reads blank custom detectors as none, as the server does", () => {
    const result = parsePolicyJson({ rules: "[]", customRules: "  " });
    expect(result).toEqual({ ok: true, rules: [], customRules: [] });
  });

  it("says which text is not JSON, and why", () => {
    const result = parsePolicyJson({ rules: "[{", customRules: "[]" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual(["rules"]);
    expect(result.errors.rules![0]).toMatch(/^Not valid JSON: /);
  });

  it("reports schema problems with the server's paths", () => {
    const result = parsePolicyJson({ rules: JSON.stringify([DEFAULT_POLICY_RULES[0], DEFAULT_POLICY_RULES[0]]), customRules: "[]" });
    expect(result).toEqual({ ok: false, errors: { "rules.1.id": ["Two rules are named 'block-secrets'. Rule ids must be unique."] } });
  });
});
