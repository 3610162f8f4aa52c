import { z } from "zod";
import type { CustomRule } from "@/lib/inspection/types";
import { customRulesSchema } from "@/lib/policy/policy-input-schema";
import { type PolicyRule, policyRulesSchema } from "@/lib/policy/policy-schema";
import { fieldErrorsOf } from "@/lib/schemas/form";
import type { FieldErrors } from "./draft-errors";
import { customRulesFromDraft, type PolicyDraft, rulesFromDraft } from "./policy-draft";

/** The JSON editor's two texts, and reading them back for the form editor. */
export type PolicyJson = { rules: string; customRules: string };

export function policyToJson(draft: PolicyDraft): PolicyJson {
  return { rules: JSON.stringify(rulesFromDraft(draft), null, 2), customRules: JSON.stringify(customRulesFromDraft(draft), null, 2) };
}

const policyJsonSchema = z.object({ rules: policyRulesSchema, customRules: customRulesSchema });

export type ParsedPolicyJson = { ok: true; rules: PolicyRule[]; customRules: CustomRule[] } | { ok: false; errors: FieldErrors };

/**
 * Reads the JSON as the server would (blank custom detectors are none; the same messages), so a
 * text the form accepts is one the server accepts too.
 */
export function parsePolicyJson(json: PolicyJson): ParsedPolicyJson {
  const values: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const field of ["rules", "customRules"] as const) {
    const raw = json[field].trim();
    if (raw === "" && field === "customRules") {
      values[field] = [];
      continue;
    }
    try {
      values[field] = JSON.parse(raw);
    } catch (error) {
      errors[field] = [`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`];
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = policyJsonSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  return { ok: true, rules: parsed.data.rules, customRules: parsed.data.customRules as CustomRule[] };
}
