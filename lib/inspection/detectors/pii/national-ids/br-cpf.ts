import { nationalIdRule } from "./national-id-rule";

function cpfCheckDigit(digits: string, weightStart: number): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (weightStart - i);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

/** Brazil: CPF = 9 digits + 2 check digits (mod 11), usually written 000.000.000-00. */
export const BR_CPF_DETECTOR = nationalIdRule({
  id: "pii.br_cpf",
  description: "Brazilian CPF with both check digits",
  pattern: /(?<![\d.\-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d.\-])/g,
  minDigits: 11,
  maxMatchLength: 14,
  validate(compact) {
    if (!/^\d{11}$/.test(compact)) return false;
    return cpfCheckDigit(compact.slice(0, 9), 10) === Number(compact[9]) && cpfCheckDigit(compact.slice(0, 10), 11) === Number(compact[10]);
  },
});
