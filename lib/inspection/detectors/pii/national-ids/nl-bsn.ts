import { nationalIdRule } from "./national-id-rule";

/** Netherlands BSN: 9 digits passing the "11-test" (weights 9..2, last digit weight -1). Only written with dots or near "BSN" would be safer; we accept bare digits at low confidence. */
export const NL_BSN_DETECTOR = nationalIdRule({
  id: "pii.nl_bsn",
  description: "Dutch citizen service number (BSN, 11-test)",
  pattern: /(?<![\d.\-])\d{4}\.?\d{2}\.?\d{3}(?![\d.\-])/g,
  minDigits: 9,
  maxMatchLength: 11,
  confidence: 0.5,
  validate(compact) {
    if (!/^\d{9}$/.test(compact) || compact.startsWith("0")) return false;
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(compact[i]) * (9 - i);
    sum -= Number(compact[8]);
    return sum % 11 === 0 && sum !== 0;
  },
});
