import { finding, type Detector } from "../../detector";
import { shannonEntropy } from "../../entropy";
import { looksLikePlaceholder } from "../../placeholder";
import type { Severity } from "../../types";

/**
 * Declarative provider rule. Patterns are authored here (not by users), kept free of nested quantifiers
 * so V8's backtracking engine stays linear on them; user-supplied patterns go through RE2 instead.
 */
export type SecretPatternSpec = {
  id: string;
  description: string;
  severity: Severity;
  /** Lowercase literals the text must contain (token prefix, or the evidence name). */
  keywords: string[];
  /** Regex source. A named group `secret` marks the reported span; otherwise the whole match. */
  pattern: string;
  caseInsensitive?: boolean;
  maxMatchLength: number;
  /** Prefix-less tokens: a name (e.g. "datadog") must appear within `window` chars before or after. */
  evidence?: { pattern: string; window: number };
  /** Minimum Shannon entropy of the secret span (bits/char). */
  minEntropy?: number;
  validate?: (secret: string) => boolean;
  confidence?: number;
};

export function secretPatternRule(spec: SecretPatternSpec): Detector {
  const info = { id: spec.id, category: "secret" as const, severity: spec.severity, description: spec.description };
  const regex = new RegExp(spec.pattern, spec.caseInsensitive ? "gdi" : "gd");
  const evidence = spec.evidence ? new RegExp(spec.evidence.pattern, "i") : undefined;
  const baseConfidence = spec.confidence ?? (spec.evidence ? 0.8 : 0.95);

  return {
    info,
    keywords: spec.keywords.map((k) => k.toLowerCase()),
    maxMatchLength: spec.maxMatchLength,
    scan(text) {
      const out = [];
      regex.lastIndex = 0;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        const span = m.indices?.groups?.secret ?? m.indices?.[0];
        if (!span) continue;
        const [start, end] = span;
        const secret = text.slice(start, end);
        if (looksLikePlaceholder(secret)) continue;
        if (spec.minEntropy !== undefined && shannonEntropy(secret) < spec.minEntropy) continue;
        if (spec.validate && !spec.validate(secret)) continue;
        if (evidence && spec.evidence) {
          const around = text.slice(Math.max(0, m.index - spec.evidence.window), m.index + m[0].length + spec.evidence.window);
          if (!evidence.test(around)) continue;
        }
        out.push(finding(info, start, end, baseConfidence));
      }
      return out;
    },
  };
}

/** Token boundaries: the character before/after is not part of a token alphabet. */
export const B = "(?<![A-Za-z0-9_\\-])";
export const E = "(?![A-Za-z0-9_\\-])";
