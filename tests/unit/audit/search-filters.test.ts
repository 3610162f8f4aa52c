import { describe, expect, it } from "vitest";
import { filtersToParams, parseFilters, parseLimit, timeWindow } from "@/lib/audit/search/filters";

const parse = (params: Record<string, string>) => parseFilters(new URLSearchParams(params));
const errorsOf = (params: Record<string, string>) => {
  const result = parse(params);
  if (result.ok) throw new Error("expected errors");
  return result.fieldErrors;
};

describe("search filter parsing", () => {
  it("reads every filter, snake_case in, typed out", () => {
    const result = parse({
      from: "2026-11-24T09:30",
      to: "2026-11-25",
      key: "key1",
      user: "u1",
      requested_model: "fast",
      served_model: "gpt-4o-mini",
      provider: "p1",
      decision: "block",
      rule: "monitor:block-secrets",
      status: "4xx",
      outcome: "blocked",
      latency_min: "10",
      latency_max: "20",
      tokens_min: "0",
      tokens_max: "5",
      request_id: "req_1",
      q: "invoice -draft",
      sort: "latency_asc",
    });
    expect(result).toEqual({
      ok: true,
      filters: {
        from: new Date("2026-11-24T09:30:00Z"),
        to: new Date("2026-11-25T00:00:00Z"),
        range: undefined,
        key: "key1",
        user: "u1",
        requestedModel: "fast",
        servedModel: "gpt-4o-mini",
        provider: "p1",
        decision: "block",
        rule: "monitor:block-secrets",
        status: { min: 400, max: 499, text: "4xx" },
        outcome: "blocked",
        latencyMin: 10,
        latencyMax: 20,
        tokensMin: 0,
        tokensMax: 5,
        requestId: "req_1",
        q: "invoice -draft",
        sort: "latency_asc",
      },
    });
  });

  it("treats blank fields as absent and sorts newest first by default", () => {
    expect(parse({ q: "  ", key: "", sort: "" })).toEqual({ ok: true, filters: expect.objectContaining({ q: undefined, key: undefined, sort: "time_desc" }) });
  });

  it("keeps an explicit zone and reads an exact status", () => {
    const result = parse({ from: "2026-11-24T09:30:00+02:00", status: "403" });
    expect(result.ok && result.filters.from?.toISOString()).toBe("2026-11-24T07:30:00.000Z");
    expect(result.ok && result.filters.status).toEqual({ min: 403, max: 403, text: "403" });
  });

  it("names the field of each bad value", () => {
    expect(errorsOf({ from: "yesterday" }).from![0]).toMatch(/Use a date like/);
    expect(errorsOf({ from: "2026-02-31" }).from).toEqual(["This is not a real date and time."]);
    expect(errorsOf({ to: "2026-11-24T24:30" }).to).toEqual(["This is not a real date and time."]);
    expect(errorsOf({ status: "600" }).status![0]).toMatch(/HTTP status/);
    expect(errorsOf({ latency_min: "-1" }).latency_min![0]).toMatch(/whole number/);
    expect(errorsOf({ decision: "maybe" }).decision![0]).toMatch(/allow, flag, redact or block/);
    expect(errorsOf({ sort: "random" }).sort![0]).toMatch(/time_desc/);
    expect(errorsOf({ q: "x".repeat(201) }).q![0]).toMatch(/200 characters/);
    expect(errorsOf({ range: "2y" }).range![0]).toMatch(/1h, 24h, 7d or 30d/);
  });

  it("refuses impossible ranges", () => {
    expect(errorsOf({ from: "2026-11-25", to: "2026-11-24" }).to).toEqual(["The end must be after the start."]);
    expect(errorsOf({ latency_min: "50", latency_max: "10" }).latency_max).toBeDefined();
    expect(errorsOf({ tokens_min: "50", tokens_max: "10" }).tokens_max).toBeDefined();
    expect(errorsOf({ range: "24h", from: "2026-11-24" }).range).toEqual(["Choose a range or a from date, not both."]);
  });

  it("bounds the page size with a message", () => {
    expect(parseLimit(new URLSearchParams())).toEqual({ ok: true, limit: 50 });
    expect(parseLimit(new URLSearchParams({ limit: "200" }))).toEqual({ ok: true, limit: 200 });
    for (const bad of ["0", "201", "1000000", "ten"]) expect(parseLimit(new URLSearchParams({ limit: bad }))).toEqual({ ok: false, fieldErrors: { limit: ["A page holds 1 to 200 requests."] } });
  });

  it("round-trips through query parameters", () => {
    const params = { from: "2026-11-24T09:30:00.000Z", rule: "r1", status: "5xx", latency_min: "3", q: "a b", sort: "time_asc" };
    const first = parse(params);
    if (!first.ok) throw new Error("parse failed");
    const again = parseFilters(filtersToParams(first.filters));
    expect(again).toEqual(first);
    expect(Object.fromEntries(filtersToParams(first.filters))).toEqual(params);
  });

  it("resolves a relative range against now", () => {
    const result = parse({ range: "1h" });
    if (!result.ok) throw new Error("parse failed");
    const now = new Date("2026-11-24T12:00:00Z");
    expect(timeWindow(result.filters, now)).toEqual({ from: new Date("2026-11-24T11:00:00Z"), to: undefined });
  });
});
