import { describe, expect, it } from "vitest";
import { backoffDelay, retryAfterMs, retryDelay, sleep } from "@/lib/routing/backoff";

const fixed = (value: number) => () => value;

describe("backoffDelay", () => {
  it("doubles per retry, with half of it random (equal jitter)", () => {
    const options = { baseMs: 100, maxMs: 10_000 };
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, { ...options, random: fixed(0) }))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, { ...options, random: fixed(0.999999) }).toFixed(0))).toEqual(["100", "200", "400", "800"]);
  });

  it("is capped", () => {
    expect(backoffDelay(20, { baseMs: 100, maxMs: 1_000, random: fixed(1) })).toBe(1_000);
    expect(backoffDelay(20, { baseMs: 100, maxMs: 1_000, random: fixed(0) })).toBe(500);
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    ["2", 2_000],
    ["0", 0],
    ["1.5", 1_500],
    ["Thu, 01 Jan 2026 00:00:03 GMT", 3_000],
    ["Wed, 31 Dec 2025 23:59:00 GMT", 0],
  ])("reads %j as %i ms", (header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });

  it.each([undefined, null, "", "soon", "-1"])("ignores %j", (header) => {
    expect(retryAfterMs(header, now)).toBeNull();
  });
});

describe("retryDelay", () => {
  const options = { baseMs: 100, maxMs: 2_000, capMs: 5_000, random: fixed(0) };

  it("is the backoff without Retry-After", () => {
    expect(retryDelay(2, null, options)).toBe(100);
  });

  it("waits for Retry-After when it is longer than the backoff, and keeps the backoff when it is shorter", () => {
    expect(retryDelay(1, "3", options)).toBe(3_000);
    expect(retryDelay(3, "0", options)).toBe(200);
  });

  it("gives up on the target (null) when Retry-After is past the cap", () => {
    expect(retryDelay(1, "6", options)).toBeNull();
    expect(retryDelay(1, "5", options)).toBe(5_000);
  });
});

describe("sleep", () => {
  it("waits, and rejects at once when its signal aborts", async () => {
    const started = performance.now();
    await sleep(30, new AbortController().signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);

    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(new Error("client left")), 10);
    await expect(pending).rejects.toThrow("client left");
    await expect(sleep(10, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });
});
