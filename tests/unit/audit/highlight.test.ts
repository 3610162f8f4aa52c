import { describe, expect, it } from "vitest";
import { highlight, promptView } from "@/lib/audit/highlight";
import { redact, redactWithSpans } from "@/lib/inspection";
import type { Finding } from "@/lib/inspection/types";

const finding = (ruleId: string, start: number, end: number): Finding => ({ ruleId, category: "pii", severity: "medium", confidence: 1, start, end });

describe("redactWithSpans", () => {
  it("redacts exactly as redact() does and maps every finding into the output", () => {
    const text = "a x@y.io b 4111 c";
    const email = finding("pii.email", 2, 8);
    const card = finding("pii.credit_card", 11, 15);
    const result = redactWithSpans(text, [card], [email, card]);
    expect(result.text).toBe(redact(text, [card]));
    expect(result.text).toBe("a x@y.io b [REDACTED:credit_card] c");
    expect(result.spans.map((s) => result.text.slice(s.start, s.end))).toEqual(["x@y.io", "[REDACTED:credit_card]"]);
  });

  it("shifts findings after a marker and points overlapping ones at the merged marker", () => {
    const text = "SECRETVALUE then mail@z.io";
    const secret = finding("secret.x", 0, 11);
    const inner = finding("pii.inner", 3, 6);
    const after = finding("pii.email", 17, 26);
    const result = redactWithSpans(text, [secret, inner], [secret, inner, after]);
    expect(result.text).toBe("[REDACTED:x] then mail@z.io");
    expect(result.spans.map((s) => result.text.slice(s.start, s.end))).toEqual(["[REDACTED:x]", "[REDACTED:x]", "mail@z.io"]);
  });
});

describe("highlight", () => {
  const stored = (ruleId: string, start: number, end: number) => ({ ruleId, category: "pii" as const, severity: "low" as const, direction: "input" as const, start, end });

  it("splits text into plain and marked runs, merging overlaps", () => {
    expect(highlight("hello there world", [stored("a", 6, 11), stored("b", 8, 17)])).toEqual([
      { text: "hello " },
      { text: "there world", findings: [{ ruleId: "a", category: "pii", severity: "low" }, { ruleId: "b", category: "pii", severity: "low" }] },
    ]);
  });

  it("clamps offsets that fall outside the text", () => {
    expect(highlight("abc", [stored("a", 2, 99), stored("b", 50, 60)])).toEqual([{ text: "ab" }, { text: "c", findings: [{ ruleId: "a", category: "pii", severity: "low" }] }]);
  });

  it("shows a prompt cut at the storage limit as plain text", () => {
    expect(promptView('[{"role":"user","content":"trunc', [])).toEqual({ kind: "text", pieces: [{ text: '[{"role":"user","content":"trunc' }] });
  });

  it("marks findings in the message and part they belong to", () => {
    const text = JSON.stringify([
      { role: "user", content: "mail a@b.io" },
      { role: "user", content: [{ type: "text", text: "x" }, { type: "text", text: "call a@b.io" }] },
    ]);
    const view = promptView(text, [{ ...stored("pii.email", 5, 11), message: 0, part: null }, { ...stored("pii.email", 5, 11), message: 1, part: 1 }]);
    if (view.kind !== "messages") throw new Error("expected messages");
    expect(view.messages[0]!.segments[0]!.pieces).toEqual([{ text: "mail " }, { text: "a@b.io", findings: [{ ruleId: "pii.email", category: "pii", severity: "low" }] }]);
    expect(view.messages[1]!.segments[0]!.pieces).toEqual([{ text: "x" }]);
    expect(view.messages[1]!.segments[1]!.pieces[1]!.text).toBe("a@b.io");
  });
});
