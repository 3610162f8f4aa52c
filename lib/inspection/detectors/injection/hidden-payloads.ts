import { finding, type Detector } from "../../detector";
import type { DetectorInfo, Finding } from "../../types";

/** Characters no human types: zero-width space/joiners, word joiner, BOM mid-text. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]+/g;
/** Unicode tag block U+E0000-U+E007F ("ASCII smuggling"), encoded as surrogate pairs in UTF-16. */
const TAG_CHARACTERS = /(?:\uDB40[\uDC00-\uDC7F])+/g;
const BASE64_MIN = 40;
const BASE64_MAX = 4096;
const IS_BASE64 = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") IS_BASE64[ch.charCodeAt(0)] = 1;
const EQUALS = 61;

const isBase64 = (code: number) => code < 128 && IS_BASE64[code] === 1;

/**
 * Standalone base64 runs of 40-4096 characters with up to two "=" of padding. A char-code loop, because
 * a regex engine retries the run at every word of prose and costs several times more. It looks
 * 40 characters ahead first: a run long enough to count must cover that character, so when it is
 * not base64 (in prose, nearly always) the 40 before it are skipped unread.
 */
export function* base64Blobs(text: string): Generator<{ start: number; end: number }> {
  let i = 0; // always at a run boundary: the text's start, or just after a non-base64 character or a run
  while (i + BASE64_MIN <= text.length) {
    const probe = i + BASE64_MIN - 1;
    if (!isBase64(text.charCodeAt(probe))) {
      i = probe + 1;
      continue;
    }
    let start = probe;
    while (start > i && isBase64(text.charCodeAt(start - 1))) start--;
    let runEnd = probe + 1;
    while (runEnd < text.length && isBase64(text.charCodeAt(runEnd))) runEnd++;
    let end = runEnd;
    while (end < text.length && end - runEnd < 2 && text.charCodeAt(end) === EQUALS) end++;
    const length = runEnd - start;
    const standalone = end === text.length || text.charCodeAt(end) !== EQUALS;
    if (length >= BASE64_MIN && length <= BASE64_MAX && standalone) yield { start, end };
    i = end;
  }
}
const HTML_COMMENT = /<!--([\s\S]{0,2000}?)-->/g;
const INSTRUCTION_WORDS = /\b(?:ignore|disregard|instructions?|system prompt|you are now|you must|do not tell|assistant|execute|reveal|exfiltrate|send .{0,40} to)\b/i;

function info(id: string, description: string): DetectorInfo {
  return { id, category: "prompt_injection", severity: "medium", description };
}

function withSeverity(f: Finding): Finding {
  return { ...f, severity: f.confidence >= 0.8 ? "high" : "medium" };
}

export const ZERO_WIDTH_DETECTOR: Detector = {
  info: info("injection.zero_width_characters", "Heuristic: zero-width characters (3+) that can hide or split instructions"),
  keywords: ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"],
  maxMatchLength: 4096,
  scan(text) {
    const runs = [...text.matchAll(ZERO_WIDTH)].filter((m) => !(m.index === 0 && m[0] === "\uFEFF"));
    const total = runs.reduce((n, m) => n + m[0].length, 0);
    // A single ZWJ is normal inside emoji sequences; many of them is not.
    if (total < 3) return [];
    const confidence = Math.min(0.9, 0.5 + total * 0.05);
    return runs.map((m) => withSeverity(finding(this.info, m.index, m.index + m[0].length, confidence)));
  },
};

export const UNICODE_TAG_DETECTOR: Detector = {
  info: info("injection.unicode_tag_characters", "Heuristic: invisible Unicode tag characters (U+E0000-U+E007F) carrying hidden text"),
  keywords: ["\udb40"],
  maxMatchLength: 4096,
  scan(text) {
    return [...text.matchAll(TAG_CHARACTERS)].map((m) => {
      // Flag emoji subdivision sequences (🏴 + a few tags) are legitimate; long runs smuggle text.
      const confidence = m[0].length >= 16 ? 0.9 : 0.55;
      return withSeverity(finding(this.info, m.index, m.index + m[0].length, confidence));
    });
  },
};

export const ENCODED_INSTRUCTIONS_DETECTOR: Detector = {
  info: info("injection.encoded_instructions", "Heuristic: base64 blobs that decode to natural-language instructions"),
  keywords: [],
  maxMatchLength: 4098,
  scan(text) {
    const out: Finding[] = [];
    for (const blob of base64Blobs(text)) {
      const decoded = Buffer.from(text.slice(blob.start, blob.end), "base64").toString("utf8");
      // Mostly printable text with instruction vocabulary; binary blobs and keys decode to noise.
      const printable = decoded.replace(/[^\x20-\x7E\n\t]/g, "").length / Math.max(1, decoded.length);
      if (printable < 0.95 || !INSTRUCTION_WORDS.test(decoded)) continue;
      out.push(withSeverity(finding(this.info, blob.start, blob.end, 0.85)));
    }
    return out;
  },
};

export const HTML_COMMENT_INSTRUCTIONS_DETECTOR: Detector = {
  info: info("injection.html_comment_instructions", "Heuristic: HTML comments (invisible when rendered) containing instructions"),
  keywords: ["<!--"],
  maxMatchLength: 2007,
  scan(text) {
    const out: Finding[] = [];
    HTML_COMMENT.lastIndex = 0;
    for (let m = HTML_COMMENT.exec(text); m !== null; m = HTML_COMMENT.exec(text)) {
      if (!INSTRUCTION_WORDS.test(m[1] ?? "")) continue;
      out.push(withSeverity(finding(this.info, m.index, m.index + m[0].length, 0.75)));
    }
    return out;
  },
};
