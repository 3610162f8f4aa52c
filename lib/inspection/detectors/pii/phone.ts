import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { finding, type Detector } from "../../detector";
import type { Finding } from "../../types";

/** Fewer digits than this is never a phone number worth flagging: candidates with fewer are skipped unparsed. */
const MIN_PHONE_DIGITS = 7;
/**
 * libphonenumber is accurate but costs ~20-50 µs per call (it builds its metadata regexes per call), so
 * it only sees candidate runs that could be a phone number (7+ digits with phone punctuation), parsed
 * directly rather than re-scanned. ISO dates, timestamps and version strings are skipped before the call;
 * anything else must pass the library's full validation (max metadata).
 */
const CANDIDATE = /(?:\+\s?)?(?:\(\d{1,4}\)[\s.\-]?)?\d[\d\s.\-()]{5,20}\d/g;
/** Shapes libphonenumber would reject anyway, skipped before paying for the call: dates, dotted versions, times. */
const NOT_A_PHONE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,3}(?:\.\d{1,3}){2,}|\d{1,2}:\d{2}(?::\d{2})?)$/;

export function phoneDetector(defaultCountry: string): Detector {
  const info = { id: "pii.phone_number", category: "pii" as const, severity: "medium" as const, description: "Phone number validated with libphonenumber (national format read in the policy's default region)" };
  const country = defaultCountry as CountryCode;
  return {
    info,
    keywords: [],
    maxMatchLength: 32,
    minDigits: MIN_PHONE_DIGITS,
    scan(text) {
      const out: Finding[] = [];
      CANDIDATE.lastIndex = 0;
      for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
        if (m[0].replace(/\D/g, "").length < MIN_PHONE_DIGITS) continue;
        // Bare digit runs (order ids, timestamps) are not treated as phones: require a separator or a +.
        if (/^\d+$/.test(m[0]) || NOT_A_PHONE.test(m[0].trim())) continue;
        // The candidate may carry a trailing ")" or a leading "(" that belongs to the prose around it.
        const candidate = trimUnbalancedParens(m[0]);
        const start = m.index + m[0].indexOf(candidate);
        if (parsePhoneNumberFromString(candidate, country)?.isValid()) out.push(finding(info, start, start + candidate.length, 0.85));
      }
      return out;
    },
  };
}

function trimUnbalancedParens(run: string): string {
  let value = run.trim();
  const opens = (value.match(/\(/g) ?? []).length;
  const closes = (value.match(/\)/g) ?? []).length;
  if (closes > opens && value.endsWith(")")) value = value.slice(0, -1);
  if (opens > closes && value.startsWith("(")) value = value.slice(1);
  return value.trim();
}
