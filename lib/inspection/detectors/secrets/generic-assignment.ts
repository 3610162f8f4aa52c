import { finding, type Detector } from "../../detector";
import { shannonEntropy } from "../../entropy";
import { looksLikePlaceholder } from "../../placeholder";
import type { Finding } from "../../types";

/**
 * `name = value`, `name: value`, `"name": "value"`, `NAME=value` where the name says it holds a secret.
 * The match starts at the secret word itself (not the whole identifier) so V8 can scan for it quickly.
 * The name is the evidence; the value must still look random (entropy) unless the name says "password".
 */
const ASSIGNMENT =
  /(?<name>(?:api[_\-]?key|apikey|access[_\-]?key|secret[_\-]?key|client[_\-]?secret|secret|token|passwd|password|pwd|credentials?|auth[_\-]?key|private[_\-]?key)[A-Za-z0-9_\-]{0,20})["']?\s{0,4}(?::=|=>|=|:)\s{0,4}(?<quote>["'`]?)(?<secret>[^\s"'`,;]{6,200})\k<quote>/gdi;

const PASSWORD_NAME = /pass|pwd/i;
/** Values that are code, not secrets: function calls, env lookups, booleans, types. */
const NOT_A_VALUE = /^(?:true|false|null|none|undefined|string|number|int|bool|required|optional|process\.env.*|os\.environ.*|env\(.*|getenv.*|.*\(\)?)$/i;

export const GENERIC_ASSIGNMENT_DETECTOR: Detector = {
  info: { id: "secret.generic_assignment", category: "secret", severity: "medium", description: "High-entropy value assigned to a secret-looking name (key, token, secret, password…)" },
  keywords: ["key", "token", "secret", "pass", "pwd", "credential"],
  maxMatchLength: 200,
  scan(text) {
    const out: Finding[] = [];
    ASSIGNMENT.lastIndex = 0;
    for (let m = ASSIGNMENT.exec(text); m !== null; m = ASSIGNMENT.exec(text)) {
      const span = m.indices?.groups?.secret;
      const name = m.groups?.name ?? "";
      if (!span) continue;
      const value = text.slice(span[0], span[1]);
      if (looksLikePlaceholder(value) || NOT_A_VALUE.test(value) || value.startsWith("$")) continue;
      const entropy = shannonEntropy(value);
      const isPassword = PASSWORD_NAME.test(name);
      // Passwords are often short and human-made; tokens are long and random.
      const minLength = isPassword ? 6 : 16;
      const minEntropy = isPassword ? 2.5 : 3.5;
      if (value.length < minLength || entropy < minEntropy) continue;
      if (!isPassword && !/\d/.test(value)) continue; // prose words after "token:" rarely contain digits
      const confidence = Math.min(0.9, 0.4 + (entropy - minEntropy) * 0.2 + Math.min(value.length, 40) / 200);
      out.push(finding(this.info, span[0], span[1], confidence));
    }
    return out;
  },
};
