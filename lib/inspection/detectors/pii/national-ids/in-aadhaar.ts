import { verhoeffValid } from "../../../checksums";
import { nationalIdRule } from "./national-id-rule";

/** India: Aadhaar = 12 digits, first digit 2-9, Verhoeff check digit; usually written 4-4-4. */
export const IN_AADHAAR_DETECTOR = nationalIdRule({
  id: "pii.in_aadhaar",
  description: "Indian Aadhaar number (Verhoeff check digit)",
  pattern: /(?<![\d\-])[2-9]\d{3}[\s\-]?\d{4}[\s\-]?\d{4}(?![\d\-])/g,
  minDigits: 12,
  maxMatchLength: 14,
  validate: (compact) => /^\d{12}$/.test(compact) && verhoeffValid(compact),
});
