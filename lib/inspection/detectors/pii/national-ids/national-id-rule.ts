import { finding, type Detector } from "../../../detector";
import type { Finding } from "../../../types";

/** A national id: a format regex plus the country's check-digit validation on the compacted value. */
export function nationalIdRule(spec: { id: string; description: string; pattern: RegExp; minDigits: number; validate: (compact: string) => boolean; maxMatchLength: number; confidence?: number }): Detector {
  const info = { id: spec.id, category: "pii" as const, severity: "high" as const, description: spec.description };
  return {
    info,
    keywords: [],
    maxMatchLength: spec.maxMatchLength,
    matchShape: spec.pattern,
    minDigits: spec.minDigits,
    scan(text) {
      const out: Finding[] = [];
      spec.pattern.lastIndex = 0;
      for (let m = spec.pattern.exec(text); m !== null; m = spec.pattern.exec(text)) {
        const compact = m[0].replace(/[\s.\-/]/g, "").toUpperCase();
        if (/^(\d)\1+$/.test(compact.replace(/\D/g, ""))) continue; // 000.000.000-00 style fillers
        if (!spec.validate(compact)) continue;
        out.push(finding(info, m.index, m.index + m[0].length, spec.confidence ?? 0.85));
      }
      return out;
    },
  };
}
