import type { Detector } from "../detector";
import { InvalidCustomRuleError } from "../errors";
import type { CustomRule } from "../types";
import { keywordRule } from "./keyword-rule";
import { RegexGate } from "./regex-gate";
import { regexRule } from "./regex-rule";

const RULE_ID = /^custom\.[a-z0-9_.\-]{1,100}$/;

/** Compiles an org's rules; regex rules compiled together share one RE2 pre-check (see RegexGate). */
export function compileCustomRules(rules: CustomRule[]): Detector[] {
  const gate = new RegexGate();
  return rules.map((rule) => compileCustomRule(rule, gate));
}

function compileCustomRule(rule: CustomRule, gate: RegexGate): Detector {
  if (!RULE_ID.test(rule.id)) throw new InvalidCustomRuleError(rule.id, 'id must look like "custom.<name>" (lowercase letters, digits, _ . -)');
  if (rule.kind === "keywords") return keywordRule(rule);
  if (rule.kind === "regex") return regexRule(rule, gate);
  throw new InvalidCustomRuleError(rule.id, `unknown kind "${String(rule.kind)}"`);
}
