import { finding, type Detector } from "../detector";
import { InvalidCustomRuleError } from "../errors";
import { escapeRegExp } from "../prefilter";
import type { CustomRule, Finding } from "../types";
import { MAX_KEYWORD_LENGTH, MAX_KEYWORDS_PER_RULE } from "./limits";

/**
 * Whole-word keyword list. An alternation of escaped literals cannot backtrack catastrophically, so the
 * native engine is safe here. "Whole word" = not adjacent to a letter/digit/underscore, which also
 * works for keywords that begin or end with punctuation.
 */
export function keywordRule(rule: CustomRule): Detector {
  const keywords = (rule.keywords ?? []).map((k) => k.trim()).filter((k) => k.length > 0);
  if (keywords.length === 0) throw new InvalidCustomRuleError(rule.id, "keyword list is empty");
  if (keywords.length > MAX_KEYWORDS_PER_RULE) throw new InvalidCustomRuleError(rule.id, `too many keywords (${keywords.length} > ${MAX_KEYWORDS_PER_RULE})`);
  const tooLong = keywords.find((k) => k.length > MAX_KEYWORD_LENGTH);
  if (tooLong) throw new InvalidCustomRuleError(rule.id, `keyword longer than ${MAX_KEYWORD_LENGTH} characters: "${tooLong.slice(0, 40)}…"`);

  const sorted = [...new Set(keywords)].sort((a, b) => b.length - a.length);
  const regex = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${sorted.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}_])`, rule.caseSensitive ? "gu" : "giu");
  const info = { id: rule.id, category: "custom" as const, severity: rule.severity, description: `Custom keyword list (${sorted.length} keywords)` };
  return {
    info,
    keywords: rule.caseSensitive ? [] : sorted.map((k) => k.toLowerCase()),
    maxMatchLength: sorted[0]!.length,
    matchShape: regex,
    scan(text) {
      const out: Finding[] = [];
      regex.lastIndex = 0;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) out.push(finding(info, m.index, m.index + m[0].length, 1));
      return out;
    },
  };
}
