import { describe, expect, it } from "vitest";
import { inspectStream } from "@/lib/gateway/output-stream";
import { inspectAndDecide } from "@/lib/gateway/policy-stage";
import { compileInspector } from "@/lib/inspection";
import { compilePendingMatcher } from "@/lib/inspection/pending-match";
import type { ChatCompletionChunk } from "@/lib/providers/types";
import { CODENAMES, contentChunk, outputCodenamePolicy } from "../../fixtures/output-codenames";

/** True positives of the detectors the default policy masks in answers (published example values). */
const NUMBERS = [
  "4111 1111 1111 1111",
  "5555-5555-5555-4444",
  "378282246310005",
  "536-22-1234",
  "AB 12 34 56 C",
  "12345678Z",
  "X1234567L",
  "111222333",
  "1 84 12 76 451 089 46",
  "2345 6789 0124",
  "529.982.247-25",
  "11010519491231002X",
];
const policy = outputCodenamePolicy("redact");
const inspector = policy.outputInspector!;

describe("where a stream must start holding text back", () => {
  it("holds every proper prefix of a number or keyword the output rules mask, from its first character", () => {
    for (const value of [...NUMBERS, ...CODENAMES]) {
      for (let cut = 1; cut <= value.length; cut++) {
        const text = `the value is ${value.slice(0, cut)}`;
        expect(inspector.holdFrom(text), JSON.stringify(text)).toBeLessThanOrEqual("the value is ".length);
      }
    }
  });

  it("releases prose at once, holding only what could begin a finding", () => {
    const prose = "Sure! Here is a short answer about the weather, with no numbers in it. ";
    expect(inspector.holdFrom(prose)).toBe(prose.length);
    expect("tok1 ".slice(inspector.holdFrom("tok1 "))).toBe("1 ");
    expect("we meet in Zanz".slice(inspector.holdFrom("we meet in Zanz"))).toBe("Zanz");
  });

  it("falls back to a detector's whole length when its shape is not known", () => {
    const withRegexRule = compileInspector({ detectorIds: [], customRules: [{ id: "custom.ticket", kind: "regex", pattern: "TCK-[0-9]{6}", severity: "low" }] });
    const text = "x".repeat(withRegexRule.maxPatternLength * 2);
    expect(withRegexRule.holdFrom(text)).toBe(text.length - withRegexRule.maxPatternLength);
  });

  it("never holds less than a pattern's own automaton says: prefixes of random matches stay pending", () => {
    const matcher = compilePendingMatcher(/\d(?:[ \-]?\d){12,18}/)!;
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let round = 0; round < 200; round++) {
      const digits = 13 + (next() % 7);
      let value = String(next() % 10);
      for (let i = 1; i < digits; i++) value += ["", " ", "-"][next() % 3]! + String(next() % 10);
      for (let cut = 1; cut <= value.length; cut++) {
        const text = `ab ${value.slice(0, cut)}`;
        expect(matcher.earliestPendingStart(text, 0, text.length)).toBeLessThanOrEqual(3);
      }
    }
  });
});

describe("a streamed answer inspected with the shape-aware holdback", () => {
  /** The text the client is sent when the answer arrives in these pieces, chunk by chunk as released. */
  function streamThrough(pieces: string[], streamPolicy = policy) {
    const inspection = inspectStream(streamPolicy, { model: "m" }, () => {});
    const released: string[] = [];
    const send = (out: ChatCompletionChunk) => released.push((out.choices[0] as { delta: { content: string } }).delta.content);
    for (const piece of pieces) inspection.push(contentChunk(piece), send);
    inspection.flush(send);
    return released;
  }

  it("sends the same redacted text as the whole answer would get, however it is split", () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let round = 0; round < 150; round++) {
      const parts = ["Here you go:"];
      for (let i = 0; i < 4; i++) parts.push(next() % 2 ? NUMBERS[next() % NUMBERS.length]! : ["Project Apollo", "Zanzibar", "tok42", "is due", "(see above)"][next() % 5]!);
      const answer = parts.join(" ") + ".";
      const pieces: string[] = [];
      for (let at = 0; at < answer.length; ) {
        const size = 1 + (next() % 6);
        pieces.push(answer.slice(at, at + size));
        at += size;
      }
      const released = streamThrough(pieces);
      const whole = inspectAndDecide(policy, [{ role: "assistant", content: answer }], { direction: "output" }).messages[0]!.content;
      expect(released.join(""), JSON.stringify(pieces)).toBe(whole);
      for (const value of NUMBERS) {
        if (answer.includes(value)) expect(released.join("")).not.toContain(value);
      }
    }
  });

  it("a long answer: the same redacted text as the whole, while each inspection reads only the answer's end", () => {
    const window = inspector.maxPatternLength;
    const read: number[] = [];
    const spied = Object.assign(Object.create(inspector) as typeof inspector, {
      inspect: (text: string) => (read.push(text.length), inspector.inspect(text)),
      holdFrom: (text: string) => (read.push(text.length), inspector.holdFrom(text)),
    });
    let seed = 5;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const parts: string[] = [];
    while (parts.join(" ").length < 40 * window) parts.push(next() % 3 ? "the tide turns and the sailors sing" : NUMBERS[next() % NUMBERS.length]!, next() % 4 ? "" : "Zanzibar");
    const answer = parts.join(" ");
    const pieces: string[] = [];
    for (let at = 0; at < answer.length; ) {
      const size = 1 + (next() % 30);
      pieces.push(answer.slice(at, at + size));
      at += size;
    }
    const released = streamThrough(pieces, { ...policy, outputInspector: spied }).join("");
    expect(released).toBe(inspectAndDecide(policy, [{ role: "assistant", content: answer }], { direction: "output" }).messages[0]!.content);
    // What is held back plus what a finding may reach behind it, plus one chunk: never the whole answer.
    expect(Math.max(...read)).toBeLessThanOrEqual(3 * window + 30);
    expect(answer.length).toBeGreaterThan(10 * Math.max(...read));
  });

  it("releases each word of prose as it arrives", () => {
    const released = streamThrough(["Hello", " there,", " friend"]);
    expect(released).toEqual(["Hello", " there,", " friend"]);
  });
});
