import { nationalIdRule } from "./national-id-rule";

/** UK National Insurance number: no check digit, so the format rules (HMRC-disallowed prefixes and letters) carry the validation. */
const INVALID_PREFIXES = new Set(["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"]);

export const UK_NINO_DETECTOR = nationalIdRule({
  id: "pii.uk_nino",
  description: "UK National Insurance number (HMRC prefix rules)",
  pattern: /(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![A-Za-z0-9])/g,
  minDigits: 6,
  maxMatchLength: 13,
  confidence: 0.75,
  validate: (compact) => !INVALID_PREFIXES.has(compact.slice(0, 2)) && !/^[A-Z]{2}0{6}/.test(compact),
});
