import { findPhoneNumbersInText, type CountryCode } from "libphonenumber-js/max";
import { finding, type Detector } from "../../detector";
import type { Finding } from "../../types";

/**
 * libphonenumber is accurate but costs ~1 ms per KB of digit-heavy prose, so it only sees small windows
 * around runs that could be a phone number (7+ digits with phone punctuation). ISO dates, timestamps
 * and version strings are rejected by the library's validation ("VALID" leniency, full metadata).
 */
const CANDIDATE = /(?:\+\s?)?(?:\(\d{1,4}\)[\s.\-]?)?\d[\d\s.\-()]{5,20}\d/g;
const WINDOW_MARGIN = 4;
/** Shapes libphonenumber would reject anyway, skipped before paying for the call: dates, dotted versions, times. */
const NOT_A_PHONE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,3}(?:\.\d{1,3}){2,}|\d{1,2}:\d{2}(?::\d{2})?)$/;

export function phoneDetector(defaultCountry: string): Detector {
  const info = { id: "pii.phone_number", category: "pii" as const, severity: "medium" as const, description: "Phone number validated with libphonenumber (national format read in the policy's default region)" };
  const country = defaultCountry as CountryCode;
  return {
    info,
    keywords: [],
    maxMatchLength: 32,
    scan(text) {
      const out: Finding[] = [];
      CANDIDATE.lastIndex = 0;
      for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
        if (m[0].replace(/\D/g, "").length < 7) continue;
        // Bare digit runs (order ids, timestamps) are not treated as phones: require a separator or a +.
        if (/^\d+$/.test(m[0]) || NOT_A_PHONE.test(m[0].trim())) continue;
        const from = Math.max(0, m.index - WINDOW_MARGIN);
        const window = text.slice(from, m.index + m[0].length + WINDOW_MARGIN);
        for (const found of findPhoneNumbersInText(window, { defaultCountry: country })) {
          out.push(finding(info, from + found.startsAt, from + found.endsAt, 0.85));
        }
      }
      return out;
    },
  };
}
