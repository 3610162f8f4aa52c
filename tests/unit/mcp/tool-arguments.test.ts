/**
 * lib/mcp/tool-arguments.ts: string leaves in a fixed order (inspection findings name a leaf by
 * index), replacing them in the same order, the order-independent arguments hash of call
 * approvals, and the value-free shape kept in the audit row.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { argumentShape, argumentsHash, replaceLeaves, stringLeaves } from "@/lib/mcp/tool-arguments";

const nested = {
  title: "t0",
  count: 3,
  tags: ["t1", ["t2", 4, { deep: "t3" }], null, "t4"],
  body: { text: "t5", flags: [true, false], more: { a: "t6", b: [["t7"]] } },
  empty: {},
  none: null,
  last: "t8",
};

describe("stringLeaves", () => {
  it("walks depth first: object keys as sent, array items in order, nested arrays and objects inside", () => {
    expect(stringLeaves(nested)).toEqual([
      { path: ["title"], text: "t0" },
      { path: ["tags", 0], text: "t1" },
      { path: ["tags", 1, 0], text: "t2" },
      { path: ["tags", 1, 2, "deep"], text: "t3" },
      { path: ["tags", 3], text: "t4" },
      { path: ["body", "text"], text: "t5" },
      { path: ["body", "more", "a"], text: "t6" },
      { path: ["body", "more", "b", 0, 0], text: "t7" },
      { path: ["last"], text: "t8" },
    ]);
  });

  it("follows the order the keys were sent in, not sorted", () => {
    expect(stringLeaves({ z: "first", a: "second" }).map((leaf) => leaf.text)).toEqual(["first", "second"]);
    expect(stringLeaves({ a: "second", z: "first" }).map((leaf) => leaf.text)).toEqual(["second", "first"]);
  });

  it("treats a bare string as one leaf at the root, and other scalars as none", () => {
    expect(stringLeaves("alone")).toEqual([{ path: [], text: "alone" }]);
    for (const value of [null, undefined, 0, 1.5, true, false, {}, []]) expect(stringLeaves(value)).toEqual([]);
  });

  it("keeps empty strings as leaves (numbering must not skip them)", () => {
    expect(stringLeaves(["", "x", { k: "" }])).toEqual([
      { path: [0], text: "" },
      { path: [1], text: "x" },
      { path: [2, "k"], text: "" },
    ]);
  });

  it("gives each leaf its own path array", () => {
    const leaves = stringLeaves({ a: ["x", "y"] });
    leaves[0]!.path.push("mutated");
    expect(leaves[1]!.path).toEqual(["a", 1]);
  });
});

describe("replaceLeaves", () => {
  it("round-trips: replacing every leaf with itself gives an equal copy, not the same object", () => {
    const copy = replaceLeaves(nested, stringLeaves(nested).map((leaf) => leaf.text));
    expect(copy).toEqual(nested);
    expect(copy).not.toBe(nested);
    expect(copy.body).not.toBe(nested.body);
    expect(Object.keys(copy)).toEqual(Object.keys(nested));
  });

  it("puts replacement i exactly where stringLeaves found leaf i", () => {
    const leaves = stringLeaves(nested);
    const replaced = replaceLeaves(
      nested,
      leaves.map((_, index) => `R${index}`),
    );
    expect(stringLeaves(replaced)).toEqual(leaves.map((leaf, index) => ({ path: leaf.path, text: `R${index}` })));
    expect(replaced).toEqual({
      title: "R0",
      count: 3,
      tags: ["R1", ["R2", 4, { deep: "R3" }], null, "R4"],
      body: { text: "R5", flags: [true, false], more: { a: "R6", b: [["R7"]] } },
      empty: {},
      none: null,
      last: "R8",
    });
  });

  it("leaves the original untouched and non-string values as they are", () => {
    const before = structuredClone(nested);
    replaceLeaves(nested, Array.from({ length: 9 }, () => "[redacted]"));
    expect(nested).toEqual(before);
    expect(replaceLeaves({ n: 1, b: true, z: null }, [])).toEqual({ n: 1, b: true, z: null });
  });
});

describe("argumentsHash", () => {
  it("is the sha256 of the canonical JSON", () => {
    expect(argumentsHash({ b: 1, a: "x" })).toBe(createHash("sha256").update('{"a":"x","b":1}').digest("hex"));
  });

  it("does not depend on key order, nested included, but does on array order", () => {
    const one = { repo: "acme/api", options: { force: true, reason: "cleanup", paths: ["a", "b"] } };
    const two = { options: { paths: ["a", "b"], reason: "cleanup", force: true }, repo: "acme/api" };
    expect(argumentsHash(two)).toBe(argumentsHash(one));
    expect(argumentsHash({ ...one, options: { ...one.options, paths: ["b", "a"] } })).not.toBe(argumentsHash(one));
  });

  it("changes with any value, and tells types apart", () => {
    const base = argumentsHash({ repo: "acme/api" });
    expect(argumentsHash({ repo: "acme/api2" })).not.toBe(base);
    expect(argumentsHash({ repo: "acme/api", extra: null })).not.toBe(base);
    expect(argumentsHash({ n: 1 })).not.toBe(argumentsHash({ n: "1" }));
  });

  it("hashes missing arguments as an empty object", () => {
    expect(argumentsHash(undefined)).toBe(argumentsHash({}));
    expect(argumentsHash(null)).toBe(argumentsHash({}));
  });
});

describe("argumentShape", () => {
  it("replaces every value by its type, strings by their length, and keeps the structure", () => {
    expect(argumentShape(nested)).toEqual({
      title: "string(2)",
      count: "number",
      tags: ["string(2)", ["string(2)", "number", { deep: "string(2)" }], "null", "string(2)"],
      body: { text: "string(2)", flags: ["boolean", "boolean"], more: { a: "string(2)", b: [["string(2)"]] } },
      empty: {},
      none: "null",
      last: "string(2)",
    });
  });

  it("never contains a value", () => {
    const secret = "4111 1111 1111 1111";
    expect(JSON.stringify(argumentShape({ card: secret, list: [secret], n: 4111 }))).not.toMatch(/4111/);
  });

  it("names the rules that found something in a leaf, once each, by leaf index", () => {
    const findings = new Map([
      [3, ["credit_card", "credit_card", "email"]],
      [7, ["secret"]],
      [5, []],
    ]);
    const shape = argumentShape(nested, findings) as typeof nested;
    expect(shape.tags[1]).toEqual(["string(2)", "number", { deep: "string(2) [credit_card, email]" }]);
    expect(shape.body).toEqual({ text: "string(2)", flags: ["boolean", "boolean"], more: { a: "string(2)", b: [["string(2) [secret]"]] } });
    expect(JSON.stringify(shape).match(/\[/g)?.length).toBe(JSON.stringify(argumentShape(nested)).match(/\[/g)!.length + 2);
  });

  it("attributes a finding on every leaf to that leaf, for any structure", () => {
    const leaves = stringLeaves(nested);
    for (let index = 0; index < leaves.length; index++) {
      const shape = argumentShape(nested, new Map([[index, [`rule${index}`]]]));
      const marked = stringLeaves(shape).filter((leaf) => leaf.text.includes("["));
      expect(marked, `leaf ${index}`).toEqual([{ path: leaves[index]!.path, text: `string(2) [rule${index}]` }]);
    }
  });

  describe("truncation", () => {
    const items = (count: number, from = 0) => Array.from({ length: count }, (_, index) => `item${from + index}`);

    it("shows at most 50 items of an array and counts the rest", () => {
      expect(argumentShape(items(50))).toEqual(Array.from({ length: 50 }, (_, index) => `string(${`item${index}`.length})`));
      const shape = argumentShape(items(53)) as string[];
      expect(shape).toHaveLength(51);
      expect(shape[50]).toBe("… 3 more");
    });

    it("shows at most 50 keys of an object and counts the rest", () => {
      const fifty = Object.fromEntries(items(50).map((key) => [key, 1]));
      expect(Object.keys(argumentShape(fifty) as object)).toHaveLength(50);
      const many = Object.fromEntries(items(52).map((key) => [key, 1]));
      const shape = argumentShape(many) as Record<string, string>;
      expect(Object.keys(shape)).toEqual([...items(50), "…"]);
      expect(shape["…"]).toBe("2 more keys");
    });

    it("keeps leaf numbering after a truncated array: a finding on a later leaf lands on that leaf", () => {
      // Leaves 0..59 are in the list (50 shown, 10 cut), leaf 60 is `after`, leaf 61 is `last`.
      const args = { list: [...items(50), ["cut0", { x: "cut1" }], ...items(8, 51)], after: "secret@example.com", last: "plain" };
      const leaves = stringLeaves(args);
      expect(leaves[60]).toEqual({ path: ["after"], text: "secret@example.com" });
      const shape = argumentShape(args, new Map([[60, ["email"]], [55, ["hidden"]]])) as Record<string, unknown>;
      expect(shape.after).toBe("string(18) [email]");
      expect(shape.last).toBe("string(5)");
      expect((shape.list as unknown[]).at(-1)).toBe("… 9 more");
      expect(JSON.stringify(shape)).not.toContain("hidden"); // a finding inside the cut part shows nowhere
    });

    it("keeps leaf numbering after truncated object keys", () => {
      const wide: Record<string, unknown> = Object.fromEntries(items(50).map((key) => [key, 0]));
      wide.cutA = "x";
      wide.cutB = ["y", { z: "z" }];
      const args = { wide, after: "found here" };
      expect(stringLeaves(args)[3]).toEqual({ path: ["after"], text: "found here" });
      const shape = argumentShape(args, new Map([[3, ["rule"]]])) as { wide: Record<string, unknown>; after: string };
      expect(shape.after).toBe("string(10) [rule]");
      expect(shape.wide["…"]).toBe("2 more keys");
      expect(shape.wide).not.toHaveProperty("cutA");
    });

    it("stops at depth 8 and keeps leaf numbering after the cut", () => {
      // The root array, then seven nested arrays: the object at depth 8 is cut with its two leaves.
      let deep: unknown = { a: "hidden1", b: ["hidden2"] };
      for (let level = 0; level < 7; level++) deep = [deep];
      const args = [deep, "after"];
      const leaves = stringLeaves(args);
      expect(leaves.map((leaf) => leaf.text)).toEqual(["hidden1", "hidden2", "after"]);
      const shape = argumentShape(args, new Map([[2, ["rule"]]])) as unknown[];
      expect(shape[1]).toBe("string(5) [rule]");
      let inner = shape[0];
      for (let level = 0; level < 6; level++) inner = (inner as unknown[])[0];
      expect(inner).toEqual(["object(…)"]);
    });

    it("shows strings, numbers and nulls at the depth limit, and cuts arrays and objects there", () => {
      const at = (value: unknown) => {
        let node: unknown = value;
        for (let level = 0; level < 8; level++) node = { k: node };
        let shape = argumentShape({ ...(node as object), tail: "t" }, new Map([[1, ["r"]]])) as Record<string, unknown>;
        const tail = shape.tail;
        for (let level = 0; level < 8; level++) shape = shape.k as Record<string, unknown>;
        return { shape, tail };
      };
      expect(at("abc")).toEqual({ shape: "string(3)", tail: "string(1) [r]" });
      expect(at(5).shape).toBe("number");
      expect(at(null).shape).toBe("null");
      expect(at(["x"])).toEqual({ shape: "array(…)", tail: "string(1) [r]" });
      expect(at({ y: "x" })).toEqual({ shape: "object(…)", tail: "string(1) [r]" });
    });

    it("attributes findings correctly around every kind of cut at once", () => {
      let deep: unknown = ["d0", "d1"];
      for (let level = 0; level < 9; level++) deep = { n: deep };
      const args = {
        first: "f",
        deep,
        long: [...items(51), "cut-tail"],
        wide: Object.fromEntries([...items(52)].map((key, index) => [key, index < 50 ? index : `w${index}`])),
        end: "e",
      };
      const leaves = stringLeaves(args);
      const endIndex = leaves.findIndex((leaf) => leaf.path[0] === "end");
      const fortyNinth = leaves.findIndex((leaf) => leaf.path[0] === "long" && leaf.path[1] === 49);
      expect(endIndex).toBe(leaves.length - 1);
      const shape = argumentShape(args, new Map([[0, ["a"]], [fortyNinth, ["b"]], [endIndex, ["c"]]])) as Record<string, unknown>;
      expect(shape.first).toBe("string(1) [a]");
      expect((shape.long as string[])[49]).toBe("string(6) [b]");
      expect((shape.long as string[])[50]).toBe("… 2 more");
      expect(shape.end).toBe("string(1) [c]");
    });
  });

  it("shows a key named __proto__ like any other (arguments come from JSON.parse)", () => {
    const args = JSON.parse('{"__proto__": {"inner": "x"}, "other": "y"}') as unknown;
    expect(stringLeaves(args).map((leaf) => leaf.path)).toEqual([["__proto__", "inner"], ["other"]]);
    const shape = argumentShape(args, new Map([[0, ["rule"]]])) as Record<string, unknown>;
    expect(Object.keys(shape)).toEqual(["__proto__", "other"]);
    expect(Object.getPrototypeOf(shape)).toBe(Object.prototype);
    expect(JSON.stringify(shape)).toBe('{"__proto__":{"inner":"string(1) [rule]"},"other":"string(1)"}');
  });
});
