import { isIP } from "node:net";
import { finding, type Detector } from "../../detector";
import type { Finding } from "../../types";

/**
 * Version strings are the classic false positive: "1.2.3" has too few parts, and a dotted quad preceded
 * by "v"/"version" or followed by another ".n" is treated as a version. Private, loopback and
 * documentation ranges are still reported (low severity), since internal topology is sensitive too.
 */
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]|\.\d)/g;
const IPV6 = /(?<![\w:.])(?:[A-Fa-f0-9]{0,4}:){2,7}(?:[A-Fa-f0-9]{0,4}|(?:\d{1,3}\.){3}\d{1,3})(?![\w:])/g;
const VERSION_CONTEXT = /(?:\bv|version|release|ver\.?|build)\s*$/i;

export const IP_ADDRESS_DETECTOR: Detector = {
  info: { id: "pii.ip_address", category: "pii", severity: "low", description: "IPv4 / IPv6 address (validated with node:net; version strings skipped)" },
  keywords: [],
  maxMatchLength: 45,
  scan(text) {
    const out: Finding[] = [];
    IPV4.lastIndex = 0;
    for (let m = IPV4.exec(text); m !== null; m = IPV4.exec(text)) {
      if (isIP(m[0]) !== 4) continue;
      if (VERSION_CONTEXT.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
      if (m[0] === "0.0.0.0" || m[0].startsWith("0.")) continue;
      out.push(finding(this.info, m.index, m.index + m[0].length, 0.8));
    }
    if (text.includes(":")) {
      IPV6.lastIndex = 0;
      for (let m = IPV6.exec(text); m !== null; m = IPV6.exec(text)) {
        // Times ("12:30:45") and "::" alone are not addresses: require a hex letter or "::" plus 3+ groups.
        const value = m[0];
        if (isIP(value) !== 6 || value === "::" || !(/[a-f]/i.test(value) || value.includes("::")) || /^\d{1,2}:\d{2}(:\d{2})?$/.test(value)) continue;
        if (value.split(":").filter(Boolean).length < 3) continue;
        out.push(finding(this.info, m.index, m.index + value.length, 0.8));
      }
    }
    return out;
  },
};
