import { describe, expect, it } from "vitest";
import { formatLines, formatList, listSuggestions, parseLines, parseList } from "@/components/policy/list-input";

describe("list inputs", () => {
  it("reads a comma-separated list, trimming and dropping blanks", () => {
    expect(parseList("a, b ,c")).toEqual(["a", "b", "c"]);
    expect(parseList(" pii.*, ,secret.aws_access_key_id, ")).toEqual(["pii.*", "secret.aws_access_key_id"]);
    expect(parseList("   ")).toEqual([]);
  });

  it("reads one item per line, whatever the line ending", () => {
    expect(parseLines("Falcon\r\n  Osprey \n\nHeron")).toEqual(["Falcon", "Osprey", "Heron"]);
  });

  it("writes lists back the way they are typed", () => {
    expect(formatList(["a", "b"])).toBe("a, b");
    expect(formatList(undefined)).toBe("");
    expect(formatLines(["Falcon", "Osprey"])).toBe("Falcon\nOsprey");
    expect(parseList(formatList(["x", "y"]))).toEqual(["x", "y"]);
  });

  it("suggests whole values that add one id not listed yet", () => {
    const ids = ["pii.email", "pii.credit_card", "secret.github_token"];
    expect(listSuggestions("", ids)).toEqual(ids);
    expect(listSuggestions("pii.em", ids)).toEqual(ids);
    expect(listSuggestions("pii.email, sec", ids)).toEqual(["pii.email, pii.credit_card", "pii.email, secret.github_token"]);
    expect(listSuggestions("pii.email,", ids)).toEqual(["pii.email, pii.credit_card", "pii.email, secret.github_token"]);
  });
});
