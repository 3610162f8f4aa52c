/**
 * One pass over the text finds which detector keywords occur (case-insensitive). Built as a single
 * alternation of escaped literals, longest first, so V8 compiles it to one native scanner; restarting
 * at index+1 after each hit finds overlapping keywords, and a keyword contained in a longer hit is
 * credited through `impliedBy`.
 */
export type KeywordPrefilter = { presentKeywords(text: string): Set<string> };

/** A literal as a regular-expression source that matches exactly it. */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function buildKeywordPrefilter(keywords: Iterable<string>): KeywordPrefilter {
  const unique = [...new Set([...keywords].map((k) => k.toLowerCase()))].filter((k) => k.length > 0).sort((a, b) => b.length - a.length);
  if (unique.length === 0) return { presentKeywords: () => new Set() };
  const scanner = new RegExp(unique.map(escapeRegExp).join("|"), "gi");
  const contained = new Map(unique.map((k) => [k, unique.filter((other) => other !== k && k.includes(other))]));
  return {
    presentKeywords(text) {
      const found = new Set<string>();
      scanner.lastIndex = 0;
      for (let m = scanner.exec(text); m !== null; m = scanner.exec(text)) {
        const hit = m[0].toLowerCase();
        if (!found.has(hit)) {
          found.add(hit);
          for (const inner of contained.get(hit) ?? []) found.add(inner);
        }
        scanner.lastIndex = m.index + 1;
      }
      return found;
    },
  };
}
