import { luhnValid } from "../../checksums";
import { finding, type Detector } from "../../detector";
import type { Finding } from "../../types";

const CARD_CANDIDATE = /(?<![\d\-])\d(?:[ \-]?\d){12,18}(?![\d\-])/g;

/** Issuer prefixes (IIN) and lengths of the major schemes: Luhn alone passes 1 in 10 random numbers. */
function knownIssuer(digits: string): boolean {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === "4") return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15; // Amex
  if (p4 === 6011 || p2 === 65 || (p6 >= 644000 && p6 <= 649999) || (p6 >= 622126 && p6 <= 622925)) return n >= 16 && n <= 19; // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19; // JCB
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p4 >= 3000 && p4 <= 3059)) return n >= 14 && n <= 19; // Diners
  if (p2 === 62) return n >= 16 && n <= 19; // UnionPay
  if (["50", "56", "57", "58", "63", "67"].includes(digits.slice(0, 2))) return n >= 12 && n <= 19; // Maestro
  return false;
}

export const PAYMENT_CARD_DETECTOR: Detector = {
  info: { id: "pii.credit_card", category: "pii", severity: "high", description: "Payment card number (13-19 digits, Luhn-valid, known issuer prefix)" },
  keywords: [],
  maxMatchLength: 19 + 18,
  matchShape: CARD_CANDIDATE,
  minDigits: 13,
  scan(text) {
    const out: Finding[] = [];
    CARD_CANDIDATE.lastIndex = 0;
    for (let m = CARD_CANDIDATE.exec(text); m !== null; m = CARD_CANDIDATE.exec(text)) {
      const digits = m[0].replace(/\D/g, "");
      // Mixed separators ("1234 5678-...") and all-same digits are not how cards are written.
      if (/ /.test(m[0]) && /-/.test(m[0])) continue;
      if (/^(\d)\1+$/.test(digits) || !knownIssuer(digits) || !luhnValid(digits)) continue;
      out.push(finding(this.info, m.index, m.index + m[0].length, 0.9));
    }
    return out;
  },
};
