import { nationalIdRule } from "./national-id-rule";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** China: 18-char resident identity number (GB 11643): region, birth date YYYYMMDD, sequence, ISO 7064 mod 11-2 check char. */
export const CN_RESIDENT_ID_DETECTOR = nationalIdRule({
  id: "pii.cn_resident_id",
  description: "Chinese resident identity card number (birth date + check character)",
  pattern: /(?<![\dA-Za-z])[1-9]\d{16}[\dXx](?![\dA-Za-z])/g,
  minDigits: 17,
  maxMatchLength: 18,
  validate(compact) {
    const year = Number(compact.slice(6, 10));
    const month = Number(compact.slice(10, 12));
    const day = Number(compact.slice(12, 14));
    if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return false;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(compact[i]) * WEIGHTS[i]!;
    return CHECK[sum % 11] === compact[17];
  },
});
