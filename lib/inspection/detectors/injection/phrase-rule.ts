import { finding, type Detector } from "../../detector";
import type { Finding } from "../../types";

/**
 * Prompt-injection detection here is HEURISTIC: phrase patterns with weights, not a classifier.
 * Confidence = strongest phrase weight, raised when other injection phrases appear in the same text
 * (attacks usually stack signals). Severity is "high" at confidence >= 0.8, else "medium".
 */
export type WeightedPhrase = { pattern: RegExp; weight: number };

const CO_OCCURRING_SIGNALS = /\b(?:instructions?|system prompt|guidelines|rules|restrictions|jailbreak|no longer bound|unfiltered|without (?:any )?(?:restrictions|limits|filters))\b/gi;

/** Every phrase rule asks the same question of the same text; the last answer is kept. */
let signalsMemo: { text: string; count: number } | undefined;
function coOccurringSignals(text: string): number {
  if (signalsMemo?.text !== text) signalsMemo = { text, count: text.match(CO_OCCURRING_SIGNALS)?.length ?? 0 };
  return signalsMemo.count;
}

export function phraseRule(spec: { id: string; description: string; keywords: string[]; phrases: WeightedPhrase[] }): Detector {
  const info = { id: spec.id, category: "prompt_injection" as const, severity: "medium" as const, description: spec.description };
  return {
    info,
    keywords: spec.keywords,
    maxMatchLength: 200,
    scan(text) {
      const out: Finding[] = [];
      const signalCount = coOccurringSignals(text);
      const boost = Math.min(0.15, signalCount * 0.05);
      for (const { pattern, weight } of spec.phrases) {
        pattern.lastIndex = 0;
        for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
          const confidence = Math.min(1, weight + boost);
          const f = finding(info, m.index, m.index + m[0].length, confidence);
          out.push({ ...f, severity: confidence >= 0.8 ? "high" : "medium" });
        }
      }
      return out;
    },
  };
}
