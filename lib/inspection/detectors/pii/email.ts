import { finding, type Detector } from "../../detector";
import type { Finding } from "../../types";

const EMAIL = /(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9\-])/g;
/** RFC 2606/6761 reserved domains only appear in examples. */
const EXAMPLE_DOMAIN = /@(?:[a-z0-9\-.]+\.)?(?:example\.(?:com|org|net)|example|test|invalid|localhost)$/i;

export const EMAIL_DETECTOR: Detector = {
  info: { id: "pii.email", category: "pii", severity: "medium", description: "E-mail address (reserved example domains skipped)" },
  keywords: ["@"],
  maxMatchLength: 254,
  scan(text) {
    const out: Finding[] = [];
    // Run the regex only around each "@" (local part <= 64 chars) instead of trying it at every word.
    let searchFrom = 0;
    for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
      if (at < searchFrom) continue;
      const from = Math.max(searchFrom, at - 64);
      // One extra character before the window so the regex's look-behind sees the real boundary.
      const windowStart = Math.max(0, from - 1);
      EMAIL.lastIndex = from - windowStart;
      const m = EMAIL.exec(text.slice(windowStart, at + 256));
      if (m === null || windowStart + m.index > at) continue;
      const start = windowStart + m.index;
      searchFrom = start + m[0].length;
      // "user@2x.png" style asset names and package scopes are not addresses.
      if (EXAMPLE_DOMAIN.test(m[0]) || /\.(?:png|jpe?g|gif|svg|webp)$/i.test(m[0])) continue;
      out.push(finding(this.info, start, start + m[0].length, 0.95));
    }
    return out;
  },
};
