import { describe, expect, it } from "vitest";
import { compileInspector, redact, type Finding } from "@/lib/inspection";
import { UPPER_BASE32, rnd } from "./fixtures";

const f = (ruleId: string, start: number, end: number): Finding => ({ ruleId, category: "secret", severity: "high", confidence: 1, start, end });

describe("redact", () => {
  it("replaces spans with the rule id minus its category", () => {
    const key = "AKIA" + rnd(16, UPPER_BASE32);
    const text = `key ${key} ok`;
    expect(redact(text, compileInspector().inspect(text))).toBe("key [REDACTED:aws_access_key_id] ok");
  });

  it("merges overlapping findings into one marker", () => {
    expect(redact("0123456789", [f("secret.a", 2, 6), f("pii.b", 4, 8)])).toBe("01[REDACTED:a]89");
  });

  it("handles unsorted, nested and adjacent findings", () => {
    expect(redact("abcdefghij", [f("custom.x", 6, 8), f("secret.outer", 1, 5), f("pii.inner", 2, 3)])).toBe("a[REDACTED:outer]f[REDACTED:x]ij");
  });

  it("returns the text unchanged without findings and clamps out-of-range spans", () => {
    expect(redact("hello", [])).toBe("hello");
    expect(redact("hello", [f("secret.z", 3, 99)])).toBe("hel[REDACTED:z]");
  });
});
