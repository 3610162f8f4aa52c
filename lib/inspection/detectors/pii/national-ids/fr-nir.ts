import { nationalIdRule } from "./national-id-rule";

/** France: NIR (social security number) = 13 chars + 2-digit key = 97 - (number mod 97); Corsica 2A/2B map to 19/18. */
export const FR_NIR_DETECTOR = nationalIdRule({
  id: "pii.fr_nir",
  description: "French social security number (NIR) with mod-97 key",
  pattern: /(?<![\dA-Za-z])[12]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AB])\d?\s?\d{3}\s?\d{3}\s?\d{2}(?![\dA-Za-z])/g,
  minDigits: 14,
  maxMatchLength: 21,
  validate(compact) {
    if (!/^[12]\d{4}(?:\d{2}|2[AB])\d{8}$/.test(compact)) return false;
    const body = compact.slice(0, 13).replace("2A", "19").replace("2B", "18");
    const key = Number(compact.slice(13));
    return 97 - Number(BigInt(body) % 97n) === key;
  },
});
