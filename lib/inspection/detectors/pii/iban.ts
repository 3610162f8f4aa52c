import { mod97 } from "../../checksums";
import { finding, type Detector } from "../../detector";
import type { Finding } from "../../types";

/** Per-country IBAN lengths (subset: SEPA + common non-SEPA). */
const IBAN_LENGTH: Record<string, number> = {
  AD: 24, AE: 23, AT: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22, GI: 23, GR: 27,
  HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, KW: 30, KZ: 20, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TR: 26, UA: 29,
};

export const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;

export const IBAN_DETECTOR: Detector = {
  info: { id: "pii.iban", category: "pii", severity: "high", description: "IBAN with per-country length and mod-97 check" },
  keywords: [],
  maxMatchLength: 34 + 8,
  minDigits: 2, // the check digits
  scan(text) {
    const out: Finding[] = [];
    IBAN_CANDIDATE.lastIndex = 0;
    for (let m = IBAN_CANDIDATE.exec(text); m !== null; m = IBAN_CANDIDATE.exec(text)) {
      let compact = m[0].replace(/ /g, "");
      const expected = IBAN_LENGTH[compact.slice(0, 2)];
      if (expected === undefined || compact.length < expected) continue;
      // The candidate may run into a following word; keep exactly the country's length.
      compact = compact.slice(0, expected);
      if (mod97(compact.slice(4) + compact.slice(0, 4)) !== 1) continue;
      let consumed = 0;
      let end = m.index;
      while (consumed < expected) {
        if (text[end] !== " ") consumed++;
        end++;
      }
      out.push(finding(this.info, m.index, end, 0.95));
    }
    return out;
  },
};
