import { finding, type Detector } from "../../detector";
import type { Finding } from "../../types";

const SSN = /(?<![\d\-])(\d{3})([\- ]?)(\d{2})\2(\d{4})(?![\d\-])/g;
/** SSN without the same-separator backreference, which the streaming automaton cannot express. */
const SSN_SHAPE = /\d{3}[\- ]?\d{2}[\- ]?\d{4}/;
/** Famous fakes: the Woolworth wallet card number and the textbook example. */
const KNOWN_FAKE = new Set(["078051120", "123456789", "219099999"]);

export const US_SSN_DETECTOR: Detector = {
  info: { id: "pii.us_ssn", category: "pii", severity: "high", description: "US social security number (invalid area/group/serial and known fakes excluded)" },
  keywords: [],
  maxMatchLength: 11,
  matchShape: SSN_SHAPE,
  minDigits: 9,
  scan(text) {
    const out: Finding[] = [];
    SSN.lastIndex = 0;
    for (let m = SSN.exec(text); m !== null; m = SSN.exec(text)) {
      const [, area = "", separator, group = "", serial = ""] = m;
      if (area === "000" || area === "666" || area[0] === "9" || group === "00" || serial === "0000") continue;
      if (KNOWN_FAKE.has(area + group + serial)) continue;
      // Nine bare digits are usually something else (ids, amounts); only report them with low confidence.
      const confidence = separator ? 0.85 : 0.4;
      out.push(finding(this.info, m.index, m.index + m[0].length, confidence));
    }
    return out;
  },
};
