import { describe, expect, it } from "vitest";
import { DEFAULT_PERIOD, parsePeriod, resolvePeriod } from "@/lib/analytics/period";
import { reviewQueueFilterSchema } from "@/lib/schemas/review";

describe("overview periods", () => {
  it("reads the URL's period, falling back to the default for anything else", () => {
    expect(parsePeriod("24h")).toBe("24h");
    expect(parsePeriod("30d")).toBe("30d");
    expect(parsePeriod("1y")).toBe(DEFAULT_PERIOD);
    expect(parsePeriod("toString")).toBe(DEFAULT_PERIOD);
    expect(parsePeriod(["24h"])).toBe(DEFAULT_PERIOD);
  });

  it("ends with the current bucket and starts on a bucket boundary", () => {
    const day = resolvePeriod("24h", new Date("2026-11-20T12:34:56Z"));
    expect(day.bucketStarts).toHaveLength(24);
    expect(day.since.toISOString()).toBe("2026-11-19T13:00:00.000Z");
    expect(day.bucketStarts.at(-1)!.toISOString()).toBe("2026-11-20T12:00:00.000Z");
    const month = resolvePeriod("30d", new Date("2026-11-20T00:00:00Z"));
    expect(month.bucket).toBe("day");
    expect(month.since.toISOString()).toBe("2026-10-22T00:00:00.000Z");
  });
});

describe("review queue filters from the URL", () => {
  it("defaults to open items, newest first, and ignores values it does not know", () => {
    expect(reviewQueueFilterSchema.parse({})).toEqual({ status: "open", order: "newest" });
    expect(reviewQueueFilterSchema.parse({ status: "bogus", order: "sideways", rule: " flag-x " })).toEqual({ status: "open", order: "newest", rule: "flag-x" });
    expect(reviewQueueFilterSchema.parse({ status: "false_positive", order: "oldest" })).toMatchObject({ status: "false_positive", order: "oldest" });
  });
});
