import { finding, type Detector } from "../../detector";
import type { Finding } from "../../types";

const JWT = /(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,1000}\.[A-Za-z0-9_\-]{8,4000}\.[A-Za-z0-9_\-]{8,1500}(?![A-Za-z0-9_\-])/g;

/** Only count it as a JWT when the header really is JSON with an "alg": random "eyJ…" strings are not. */
function headerHasAlg(encodedHeader: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(encodedHeader, "base64url").toString("utf8"));
    return typeof header === "object" && header !== null && "alg" in header;
  } catch {
    return false;
  }
}

export const JWT_DETECTOR: Detector = {
  info: { id: "secret.jwt", category: "secret", severity: "high", description: "JSON Web Token (three base64url parts, header with alg)" },
  keywords: ["eyj"],
  maxMatchLength: 6502,
  scan(text) {
    const out: Finding[] = [];
    JWT.lastIndex = 0;
    for (let m = JWT.exec(text); m !== null; m = JWT.exec(text)) {
      const header = m[0].slice(0, m[0].indexOf("."));
      if (!headerHasAlg(header)) continue;
      out.push(finding(this.info, m.index, m.index + m[0].length, 0.9));
    }
    return out;
  },
};
