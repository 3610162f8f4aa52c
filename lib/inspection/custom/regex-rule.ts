import { RE2 } from "re2-wasm";
import { finding, type Detector } from "../detector";
import { InvalidCustomRuleError } from "../errors";
import type { CustomRule, Finding } from "../types";
import { MAX_CUSTOM_PATTERN_LENGTH, MAX_CUSTOM_REGEX_MATCH_LENGTH } from "./limits";
import type { RegexGate } from "./regex-gate";
import { requiredLiteralPrefix } from "./required-literal";
import { toUtf16Offset } from "./utf16";

/**
 * Org-written regexes run on RE2 (linear time, no backreferences/lookaround) so a bad pattern can
 * never stall the gateway. re2-wasm crosses into WebAssembly per call (~6 µs + ~8 µs/KB), so a literal
 * prefix, when the pattern has one, feeds the keyword prefilter and the rule is skipped on most texts.
 */
export function regexRule(rule: CustomRule, gate: RegexGate): Detector {
  const pattern = rule.pattern ?? "";
  if (pattern.length === 0) throw new InvalidCustomRuleError(rule.id, "pattern is empty");
  if (pattern.length > MAX_CUSTOM_PATTERN_LENGTH) throw new InvalidCustomRuleError(rule.id, `pattern longer than ${MAX_CUSTOM_PATTERN_LENGTH} characters`);
  let re2: RE2;
  try {
    re2 = new RE2(pattern, rule.caseSensitive ? "gu" : "giu");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidCustomRuleError(rule.id, `pattern is not valid RE2 syntax (backreferences and lookaround are not supported): ${reason}`);
  }
  if (re2.test("")) throw new InvalidCustomRuleError(rule.id, "pattern matches the empty string");
  const literal = requiredLiteralPrefix(pattern);
  const gated = !(literal && literal.length >= 3);
  if (gated) gate.add(pattern, rule.caseSensitive === true);
  const info = { id: rule.id, category: "custom" as const, severity: rule.severity, description: "Custom regular expression (RE2)" };
  return {
    info,
    keywords: !gated && literal ? [literal.toLowerCase()] : [],
    maxMatchLength: MAX_CUSTOM_REGEX_MATCH_LENGTH,
    scan(text) {
      const out: Finding[] = [];
      if (gated && !gate.mayMatch(text)) return out;
      re2.lastIndex = 0;
      const hasAstral = /[\uD800-\uDBFF]/.test(text);
      for (let m = re2.exec(text); m !== null; m = re2.exec(text)) {
        const match = m[0] ?? "";
        if (match.length === 0) break;
        // re2-wasm reports code-point offsets; findings use UTF-16 offsets.
        const start = hasAstral ? toUtf16Offset(text, m.index) : m.index;
        out.push(finding(info, start, start + Math.min(match.length, MAX_CUSTOM_REGEX_MATCH_LENGTH), 1));
      }
      return out;
    },
  };
}
