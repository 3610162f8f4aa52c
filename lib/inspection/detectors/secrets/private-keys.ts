import { finding, type Detector } from "../../detector";
import type { DetectorInfo, Finding } from "../../types";

/** PEM bodies are bounded so the streaming holdback stays finite; 8 KB covers RSA-4096 with headers. */
const MAX_BLOCK_LENGTH = 8192;
/** A header with a real body; "-----BEGIN PRIVATE KEY-----\n...\n-----END" in docs has none. */
const MIN_BODY_BASE64_CHARS = 64;

function privateKeyBlockDetector(info: DetectorInfo, keywords: string[], header: RegExp, footerPrefix: string): Detector {
  return {
    info,
    keywords,
    maxMatchLength: MAX_BLOCK_LENGTH,
    scan(text) {
      const out: Finding[] = [];
      header.lastIndex = 0;
      for (let m = header.exec(text); m !== null; m = header.exec(text)) {
        const bodyStart = m.index + m[0].length;
        const limit = Math.min(text.length, m.index + MAX_BLOCK_LENGTH);
        const footerAt = text.indexOf(footerPrefix, bodyStart);
        let end: number;
        if (footerAt !== -1 && footerAt < limit) {
          const footerEnd = text.indexOf("-----", footerAt + footerPrefix.length);
          end = footerEnd !== -1 && footerEnd + 5 <= limit ? footerEnd + 5 : footerAt + footerPrefix.length;
        } else {
          // Truncated paste: the key material up to the first non-base64 character still leaks.
          const tail = /[^A-Za-z0-9+/=\s:,\-\\]/.exec(text.slice(bodyStart, limit));
          end = tail ? bodyStart + tail.index : limit;
        }
        const body = text.slice(bodyStart, footerAt !== -1 && footerAt < end ? footerAt : end);
        const base64Chars = body.replace(/\\n|Proc-Type:[^\n]*|DEK-Info:[^\n]*|[^A-Za-z0-9+/]/g, "").length;
        if (base64Chars < MIN_BODY_BASE64_CHARS) continue;
        out.push(finding(info, m.index, end, 0.99));
        header.lastIndex = end;
      }
      return out;
    },
  };
}

export const PRIVATE_KEY_DETECTORS: Detector[] = [
  privateKeyBlockDetector(
    { id: "secret.pem_private_key", category: "secret", severity: "critical", description: "PEM private key block (RSA, EC, DSA, PKCS#8, ENCRYPTED)" },
    ["-----begin"],
    /-----BEGIN (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----/g,
    "-----END",
  ),
  privateKeyBlockDetector(
    { id: "secret.openssh_private_key", category: "secret", severity: "critical", description: "OpenSSH private key block" },
    ["-----begin openssh"],
    /-----BEGIN OPENSSH PRIVATE KEY-----/g,
    "-----END OPENSSH PRIVATE KEY",
  ),
  privateKeyBlockDetector(
    { id: "secret.pgp_private_key_block", category: "secret", severity: "critical", description: "PGP/GPG private key block" },
    ["-----begin pgp private"],
    /-----BEGIN PGP PRIVATE KEY BLOCK-----/g,
    "-----END PGP PRIVATE KEY BLOCK",
  ),
];
