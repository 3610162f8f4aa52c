import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, InvalidCursorError } from "@/lib/audit/search/cursor";
import { csvCell, csvLine } from "@/lib/audit/search/csv";
import { buildSearchQuery } from "@/lib/audit/search/sql";

describe("cursors", () => {
  it("round-trip for time and latency sorts", () => {
    const time = { sort: "time_desc" as const, at: "2026-11-24T10:00:00.123Z", id: "c1" };
    expect(decodeCursor(encodeCursor(time), "time_desc")).toEqual(time);
    const latency = { sort: "latency_asc" as const, latency: 250, id: "c2" };
    expect(decodeCursor(encodeCursor(latency), "latency_asc")).toEqual(latency);
  });

  it("refuse garbage, tampering and another sort's cursor", () => {
    const cursor = encodeCursor({ sort: "time_desc", at: "2026-11-24T10:00:00.000Z", id: "c1" });
    expect(() => decodeCursor(cursor, "time_asc")).toThrow(/another sort order/);
    for (const bad of ["", "%%%", Buffer.from("[1,2]").toString("base64url"), Buffer.from('["time_desc","not a date","c"]').toString("base64url")]) {
      expect(() => decodeCursor(bad, "time_desc")).toThrow(InvalidCursorError);
    }
    expect(() => decodeCursor(Buffer.from('["latency_desc",-5,"c"]').toString("base64url"), "latency_desc")).toThrow(InvalidCursorError);
  });
});

describe("CSV cells", () => {
  it("quote commas, quotes and line breaks", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(["a", "b"])).toBe("a b");
    expect(csvCell(new Date("2026-11-24T10:00:00Z"))).toBe("2026-11-24T10:00:00.000Z");
  });

  it("defuse cells a spreadsheet would run as formulas", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+cmd")).toBe("'+cmd");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=x")).toBe("'\t=x");
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("ends lines with CRLF", () => {
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n");
  });
});

describe("the SQL builder", () => {
  it("scopes to the org first and passes every value as a parameter", () => {
    const query = buildSearchQuery("org1", { sort: "time_desc", rule: "x'; DROP TABLE", q: "hello", key: "k" }, { limit: 10 });
    expect(query.text).toMatch(/WHERE r\."orgId" = \$1::text/);
    expect(query.text).not.toContain("DROP");
    expect(query.values).toEqual(["org1", "k", "x'; DROP TABLE", "hello", 11]);
    expect(query.text).toContain(`"matchedRules" @> ARRAY[$3::text]`);
    expect(query.text).toContain(`websearch_to_tsquery('simple', $4::text)`);
    expect(query.text).toMatch(/ORDER BY r\."createdAt" DESC, r\."id" DESC\s+LIMIT \$5::int$/);
  });

  it("continues after the cursor's key with an id tie-break", () => {
    const query = buildSearchQuery("org1", { sort: "latency_asc" }, { limit: 5, cursor: { sort: "latency_asc", latency: 120, id: "c9" } });
    expect(query.text).toContain(`r."latencyMs" >= $2::int`);
    expect(query.text).toContain(`(r."latencyMs" > $2::int OR r."id" > $3::text)`);
    expect(query.text).toContain(`ORDER BY r."latencyMs" ASC, r."id" ASC`);
    expect(query.values).toEqual(["org1", 120, "c9", 6]);
  });
});
