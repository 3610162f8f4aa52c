import { describe, expect, it } from "vitest";
import { builtInDetectors } from "@/lib/inspection/catalog";
import { buildKeywordAutomaton } from "@/lib/inspection/keyword-automaton";
import { buildKeywordPrefilter } from "@/lib/inspection/prefilter";

const found = (automaton: ReturnType<typeof buildKeywordAutomaton>, text: string) => [...automaton.scan(text).keywords].sort();

describe("keyword automaton", () => {
  const automaton = buildKeywordAutomaton(["akia", "sk-ant-", "sk-", "-----begin", "asia", "\u200b"]);

  it("finds keywords case-insensitively, including ones that end inside longer hits", () => {
    expect(found(automaton, "key SK-ANT-api03 here")).toEqual(["sk-", "sk-ant-"]);
  });

  it("finds overlapping keywords", () => {
    expect(found(automaton, "xxAKIASIAxx")).toEqual(["akia", "asia"]);
  });

  it("finds non-ASCII keywords and letters that fold onto a keyword's (the Kelvin sign onto k, the long s onto s)", () => {
    expect(found(automaton, "a\u200bb")).toEqual(["\u200b"]);
    expect(found(automaton, "\u017fk-")).toEqual(["sk-"]);
    expect(found(automaton, "A\u212aIA")).toEqual(["akia"]);
  });

  it("returns nothing for unrelated text, and counts ASCII digits only", () => {
    const scan = automaton.scan("plain prose 2024-03-14, \u0663\uff15");
    expect(scan.keywords.size).toBe(0);
    expect(scan.digits).toBe(8);
  });

  it("finds exactly what a case-insensitive alternation finds, on random text made of keyword pieces", () => {
    const keywords = [...new Set(builtInDetectors().flatMap((d) => d.keywords))];
    const regex = buildKeywordPrefilter(keywords);
    const table = buildKeywordAutomaton(keywords);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const noise = ["", " ", "-", "_", "x", "Q", "é", "\n", "0"];
    let withKeywords = 0;
    for (let t = 0; t < 2000; t++) {
      let text = "";
      for (let piece = 0; piece < 12; piece++) {
        const keyword = keywords[random(keywords.length)]!;
        const start = random(2) === 0 ? 0 : random(keyword.length);
        const cut = keyword.slice(start, start + 1 + random(keyword.length));
        text += (random(2) === 0 ? cut.toUpperCase() : cut) + noise[random(noise.length)];
      }
      const expected = [...regex.presentKeywords(text)].sort();
      expect(found(table, text)).toEqual(expected);
      if (expected.length > 0) withKeywords++;
    }
    expect(withKeywords).toBeGreaterThan(1000); // the texts do hold keywords: the comparison is not of empty sets
  });
});
