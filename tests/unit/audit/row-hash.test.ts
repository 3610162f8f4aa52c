import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/audit/chain/canonical-json";
import { GENESIS_HASH, HASHED_COLUMNS, type HashedRow, hashRow } from "@/lib/audit/chain/row-hash";
import { scrubDetails } from "@/lib/activity/scrub-details";

const row: HashedRow = {
  requestId: "req_1",
  orgId: "org_1",
  apiKeyId: "key_1",
  userId: null,
  endpoint: "chat.completions",
  requestedModel: "fast",
  servedModel: "fast",
  providerId: "prov_1",
  providerName: "Mock",
  stream: false,
  status: 200,
  outcome: "ok",
  errorCode: null,
  errorMessage: null,
  decision: "allow",
  policyVersion: "3",
  matchedRules: ["monitor:flag-injection"],
  latencyMs: 12,
  ttftMs: null,
  promptTokens: 5,
  completionTokens: 7,
  totalTokens: 12,
  promptText: "hello",
  responseText: "hi",
  workload: null,
  routing: { route: "fast", attempts: [{ target: "fast", status: 200, latencyMs: 11 }] },
  findings: [{ ruleId: "email", start: 0, end: 5 }],
  createdAt: new Date("2026-11-24T10:00:00.123Z"),
};

/** A different value of the same kind, for every hashed column. */
function changed(value: unknown): unknown {
  if (value === null) return "x";
  if (value instanceof Date) return new Date(value.getTime() + 1);
  if (typeof value === "string") return `${value}!`;
  if (typeof value === "number") return value + 1;
  if (typeof value === "boolean") return !value;
  if (Array.isArray(value)) return [...value, "extra"];
  return { ...(value as object), extra: 1 };
}

describe("canonicalJson", () => {
  it("is the same text whatever order keys were built in, nested too", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it("follows JSON for undefined, dates and non-finite numbers, and keeps null distinct from absent", () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: new Date("2026-01-01T00:00:00Z"), d: Number.NaN })).toBe('{"b":[null],"c":"2026-01-01T00:00:00.000Z","d":null}');
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
    expect(canonicalJson("1")).not.toBe(canonicalJson(1));
  });
});

describe("hashRow", () => {
  const hash = hashRow(GENESIS_HASH, 1, row);

  it("is a sha256 hex digest, stable across key order and missing-vs-null columns", () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const reversed = Object.fromEntries(Object.entries(row).reverse()) as HashedRow;
    expect(hashRow(GENESIS_HASH, 1, reversed)).toBe(hash);
    const { userId: _userId, ...withoutUserId } = row;
    expect(hashRow(GENESIS_HASH, 1, withoutUserId)).toBe(hash); // the database stores the absent column as null
    // jsonb gives keys back in its own order
    expect(hashRow(GENESIS_HASH, 1, { ...row, routing: { attempts: [{ latencyMs: 11, status: 200, target: "fast" }], route: "fast" } })).toBe(hash);
  });

  it("changes when any hashed column changes", () => {
    for (const column of HASHED_COLUMNS) {
      expect(hashRow(GENESIS_HASH, 1, { ...row, [column]: changed(row[column]) }), column).not.toBe(hash);
    }
  });

  it("changes with the position and the previous hash", () => {
    expect(hashRow(GENESIS_HASH, 2, row)).not.toBe(hash);
    expect(hashRow("f".repeat(64), 1, row)).not.toBe(hash);
  });

  it("ignores columns outside the chain (id, search vector)", () => {
    expect(hashRow(GENESIS_HASH, 1, { ...row, id: "other", searchVector: "x" } as HashedRow)).toBe(hash);
  });
});

describe("scrubDetails", () => {
  it("drops secret-named members and secret-looking values, keeps facts", () => {
    const scrubbed = scrubDetails({
      name: "ci",
      apiKey: "anything",
      key: "gw_live_x",
      nested: { password: "p", providerCredential: "c", promptText: "hi", note: `see gw_live_${"A".repeat(32)}`, roles: ["admin"] },
      upstream: "sk-abcdefghijklmnopqrstu",
    });
    expect(scrubbed).toEqual({ name: "ci", nested: { note: "[removed]", roles: ["admin"] }, upstream: "[removed]" });
  });
});
