import { describe, expect, it } from "vitest";
import { compileInspector, InvalidCustomRuleError, type CustomRule } from "@/lib/inspection";

const only = (rules: CustomRule[]) => compileInspector({ detectorIds: [], customRules: rules });

describe("custom keyword rules", () => {
  const inspector = only([{ id: "custom.project_names", kind: "keywords", keywords: ["Phoenix", "Blue Falcon", "C++"], severity: "high" }]);

  it("matches whole words case-insensitively by default", () => {
    const text = "Status of project PHOENIX and blue falcon; C++ port";
    expect(inspector.inspect(text).map((f) => text.slice(f.start, f.end))).toEqual(["PHOENIX", "blue falcon", "C++"]);
  });

  it("does not match inside other words", () => {
    expect(inspector.inspect("phoenixes and bluefalcon")).toEqual([]);
  });

  it("honours caseSensitive", () => {
    const cs = only([{ id: "custom.codename", kind: "keywords", keywords: ["Atlas"], severity: "low", caseSensitive: true }]);
    expect(cs.inspect("atlas and Atlas").length).toBe(1);
  });

  it.each([
    [{ keywords: [] }, /empty/],
    [{ keywords: ["  "] }, /empty/],
    [{ keywords: Array.from({ length: 1001 }, (_, i) => `w${i}`) }, /too many/],
    [{ keywords: ["x".repeat(201)] }, /longer than 200/],
  ])("rejects %#", (partial, message) => {
    expect(() => only([{ id: "custom.bad", kind: "keywords", severity: "low", ...partial }])).toThrowError(message);
    expect(() => only([{ id: "custom.bad", kind: "keywords", severity: "low", ...partial }])).toThrowError(InvalidCustomRuleError);
  });
});

describe("custom regex rules (RE2)", () => {
  it("finds matches and reports UTF-16 offsets after astral characters", () => {
    const inspector = only([{ id: "custom.ticket", kind: "regex", pattern: "PRJ-[0-9]{4}", severity: "medium" }]);
    const text = "😀 see PRJ-1234 and prj-9999";
    expect(inspector.inspect(text).map((f) => text.slice(f.start, f.end))).toEqual(["PRJ-1234", "prj-9999"]);
  });

  it("does not fire when nothing matches", () => {
    const inspector = only([{ id: "custom.ticket", kind: "regex", pattern: "PRJ-[0-9]{4}", severity: "medium", caseSensitive: true }]);
    expect(inspector.inspect("prj-1234 PRJ-12")).toEqual([]);
  });

  it("runs catastrophic-for-backtracking patterns in linear time", () => {
    const inspector = only([{ id: "custom.redos", kind: "regex", pattern: "(a+)+$", severity: "low" }]);
    const started = performance.now();
    inspector.inspect("a".repeat(5000) + "!");
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([
    ["(a)\\1", /RE2/],
    ["(?=x)y", /RE2/],
    ["(?<!x)y", /RE2/],
    ["[unclosed", /RE2/],
    ["a*", /empty string/],
    ["", /empty/],
  ])("rejects %s with a message naming the rule", (pattern, message) => {
    expect(() => only([{ id: "custom.bad_regex", kind: "regex", pattern, severity: "low" }])).toThrowError(message);
    expect(() => only([{ id: "custom.bad_regex", kind: "regex", pattern, severity: "low" }])).toThrowError(/custom\.bad_regex/);
  });

  it("rejects duplicate and malformed rule ids", () => {
    const rule: CustomRule = { id: "custom.dup", kind: "keywords", keywords: ["a"], severity: "low" };
    expect(() => only([rule, rule])).toThrowError(/duplicate/);
    expect(() => only([{ ...rule, id: "secret.mine" }])).toThrowError(InvalidCustomRuleError);
  });
});
