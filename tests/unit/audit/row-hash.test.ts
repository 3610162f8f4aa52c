import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/audit/chain/canonical-json";
import { STORED_COLUMNS, UNHASHED_COLUMNS } from "@/lib/audit/chain/append-chained";
import { CHAINED_ROW_SELECT, chainedHash, GENESIS_HASH, HASHED_COLUMNS, type HashedRow, hashRow, OPTIONAL_HASHED_COLUMNS, rowText } from "@/lib/audit/chain/row-hash";
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

  it("is the same from the row's text as UTF-8 bytes (as the writer keeps it) as from the string", () => {
    for (const promptText of ["hello", "héllo wörld", "日本語のプロンプト", "emoji 🚀 and \u00e9", '"quoted" \\ back\nslash']) {
      const text = rowText({ ...row, promptText });
      expect(chainedHash("ab".repeat(32), 9, Buffer.from(text))).toBe(chainedHash("ab".repeat(32), 9, text));
      expect(chainedHash(GENESIS_HASH, 1, Buffer.from(text))).toBe(hashRow(GENESIS_HASH, 1, { ...row, promptText }));
    }
    expect(chainedHash(GENESIS_HASH, 1, Buffer.from(rowText({ ...row, promptText: "héllo" })))).not.toBe(chainedHash(GENESIS_HASH, 1, Buffer.from(rowText({ ...row, promptText: "hello" }))));
  });

  it("ignores columns outside the chain (id, search vector)", () => {
    expect(hashRow(GENESIS_HASH, 1, { ...row, id: "other", searchVector: "x" } as HashedRow)).toBe(hash);
  });
});

describe("hashRow with the optional tool columns", () => {
  /** The v1 columns as they were before MCP, written out here rather than taken from the module. */
  const V1_COLUMNS = [
    "requestId", "orgId", "apiKeyId", "userId", "endpoint", "requestedModel", "servedModel", "providerId", "providerName", "stream", "status",
    "outcome", "errorCode", "errorMessage", "decision", "policyVersion", "matchedRules", "latencyMs", "ttftMs", "promptTokens",
    "completionTokens", "totalTokens", "promptText", "responseText", "workload", "routing", "findings", "createdAt",
  ];

  /** JSON with sorted keys and ISO dates: the v1 canonical form, written independently of canonicalJson. */
  function sortedJson(value: unknown): string {
    if (value === null || value === undefined) return "null";
    if (value instanceof Date) return JSON.stringify(value.toISOString());
    if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
    if (typeof value === "object") {
      const record = value as Record<string, unknown>;
      return `{${Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${sortedJson(record[key])}`)
        .join(",")}}`;
    }
    return JSON.stringify(value);
  }

  /** The v1 formula: sha256 of { v: 1, prevHash, chainSeq, row: every v1 column (absent = null), plus `extra` }. */
  function v1Hash(prevHash: string, chainSeq: number, source: HashedRow, extra: Record<string, unknown> = {}): string {
    const columns = Object.fromEntries(V1_COLUMNS.map((column) => [column, source[column as keyof HashedRow] ?? null]));
    return createHash("sha256")
      .update(sortedJson({ v: 1, prevHash, chainSeq, row: { ...columns, ...extra } }))
      .digest("hex");
  }

  const tool = { serverId: "srv_1", serverName: "github", tool: "create_issue", definitionHash: "ab".repeat(32), upstreamStatus: "ok", argumentShape: { repo: "string(8)" } };

  it("hashes a row without tool columns exactly as before they existed", () => {
    expect(HASHED_COLUMNS).toEqual(V1_COLUMNS); // the v1 list itself is unchanged
    expect(hashRow(GENESIS_HASH, 1, row)).toBe(v1Hash(GENESIS_HASH, 1, row));
    expect(hashRow("ab".repeat(32), 42, row)).toBe(v1Hash("ab".repeat(32), 42, row));
    // Pinned: what lib/audit/chain/row-hash.ts computed for this row before the tool columns were added (116a46e).
    expect(hashRow(GENESIS_HASH, 1, row)).toBe("39754f15afc02bb75837ffd0557b0a7584b7d6b0d0b84d5e1616f9945dd1dfa1");
    expect(hashRow("ab".repeat(32), 42, row)).toBe("99a7cdb3fe43d5fbac2b5da090699a59cab042a3cc16b4f30fcd581328274138");
  });

  it("hashes tool columns read back as null (old rows in the database) like absent ones", () => {
    const before = hashRow(GENESIS_HASH, 1, row);
    expect(hashRow(GENESIS_HASH, 1, { ...row, toolName: null, tool: null })).toBe(before);
    expect(hashRow(GENESIS_HASH, 1, { ...row, toolName: undefined, tool: undefined })).toBe(before);
  });

  it("changes when toolName or tool is set, each on its own", () => {
    const before = hashRow(GENESIS_HASH, 1, row);
    const withName = hashRow(GENESIS_HASH, 1, { ...row, toolName: "github__create_issue" });
    const withTool = hashRow(GENESIS_HASH, 1, { ...row, tool });
    const withBoth = hashRow(GENESIS_HASH, 1, { ...row, toolName: "github__create_issue", tool });
    expect(new Set([before, withName, withTool, withBoth]).size).toBe(4);
    expect(hashRow(GENESIS_HASH, 1, { ...row, toolName: "github__delete_repo", tool })).not.toBe(withBoth);
    expect(hashRow(GENESIS_HASH, 1, { ...row, toolName: "github__create_issue", tool: { ...tool, upstreamStatus: "error" } })).not.toBe(withBoth);
    expect(hashRow(GENESIS_HASH, 1, { ...row, toolName: "" })).not.toBe(before); // set, though empty
  });

  it("hashes set tool columns inside the row, with the v1 formula otherwise unchanged", () => {
    const withBoth = { ...row, toolName: "github__create_issue", tool };
    expect(hashRow(GENESIS_HASH, 7, withBoth)).toBe(v1Hash(GENESIS_HASH, 7, withBoth, { toolName: "github__create_issue", tool }));
    // jsonb gives the tool record's keys back in its own order
    const reordered = Object.fromEntries(Object.entries(tool).reverse());
    expect(hashRow(GENESIS_HASH, 7, { ...withBoth, tool: reordered })).toBe(hashRow(GENESIS_HASH, 7, withBoth));
  });

  it("selects the tool columns when reading rows back to verify", () => {
    expect(OPTIONAL_HASHED_COLUMNS).toEqual(["toolName", "tool"]);
    expect(CHAINED_ROW_SELECT).toMatchObject({ toolName: true, tool: true, chainSeq: true, prevHash: true, rowHash: true });
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

describe("the writer's insert", () => {
  it("covers every stored column: each is hashed (its value comes from the row's text) or is the id or a chain column", () => {
    const inText = [...HASHED_COLUMNS, ...OPTIONAL_HASHED_COLUMNS] as string[];
    const missing = STORED_COLUMNS.filter((column) => !inText.includes(column) && !UNHASHED_COLUMNS.includes(column));
    expect(missing).toEqual([]);
    expect(UNHASHED_COLUMNS.every((column) => STORED_COLUMNS.includes(column as never))).toBe(true);
  });
});
