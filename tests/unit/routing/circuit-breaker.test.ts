import { beforeEach, describe, expect, it } from "vitest";
import { CircuitBreaker } from "@/lib/routing/circuit-breaker";

let now = 0;
const clock = () => now;
const options = { consecutiveFailures: 3, errorRate: 0.5, minSamples: 10, windowMs: 60_000, cooldownMs: 30_000 };
let breaker: CircuitBreaker;

beforeEach(() => {
  now = 1_000_000;
  breaker = new CircuitBreaker(options, clock);
});

const fail = (times: number) => {
  for (let i = 0; i < times; i++) breaker.recordFailure();
};

describe("closed", () => {
  it("lets requests through and stays closed below the threshold", () => {
    fail(2);
    expect(breaker.current).toBe("closed");
    expect(breaker.tryAcquire()).toBe(true);
  });

  it("opens after the configured failures in a row", () => {
    fail(3);
    expect(breaker.current).toBe("open");
    expect(breaker.isOpen).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.probeAt).toBe(now + 30_000);
  });

  it("counts failures in a row only: a success in between resets the count", () => {
    fail(2);
    breaker.recordSuccess();
    fail(2);
    expect(breaker.current).toBe("closed");
  });

  it("opens on the error rate over the window once there are enough samples", () => {
    for (let i = 0; i < 5; i++) {
      breaker.recordSuccess();
      now += 1_000;
      breaker.recordFailure(); // never two in a row
      now += 1_000;
    }
    expect(breaker.current).toBe("open"); // 5 of 10 failed: 50%
  });

  it("forgets outcomes older than the window", () => {
    for (let i = 0; i < 4; i++) {
      breaker.recordSuccess();
      breaker.recordFailure();
    }
    now += 61_000; // those 8 leave the window
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.current).toBe("closed");
  });
});

describe("open, then half-open", () => {
  beforeEach(() => fail(3));

  it("refuses requests until the cooldown has passed", () => {
    now += 29_999;
    expect(breaker.current).toBe("open");
    expect(breaker.tryAcquire()).toBe(false);
  });

  it("reports half-open after the cooldown and lets exactly one probe through", () => {
    now += 30_000;
    expect(breaker.current).toBe("half_open");
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.current).toBe("half_open");
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it("closes when the probe succeeds, and old failures do not re-open it", () => {
    now += 30_000;
    breaker.tryAcquire();
    breaker.recordSuccess();
    expect(breaker.current).toBe("closed");
    expect(breaker.tryAcquire()).toBe(true);
    fail(2);
    expect(breaker.current).toBe("closed");
  });

  it("opens again for a full cooldown when the probe fails", () => {
    now += 30_000;
    breaker.tryAcquire();
    breaker.recordFailure();
    expect(breaker.current).toBe("open");
    now += 29_999;
    expect(breaker.tryAcquire()).toBe(false);
    now += 1;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it("replaces a probe that never reported back after another cooldown", () => {
    now += 30_000;
    expect(breaker.tryAcquire()).toBe(true);
    now += 29_999;
    expect(breaker.tryAcquire()).toBe(false);
    now += 1;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it("does not extend the cooldown on failures reported while open (e.g. from direct requests)", () => {
    now += 10_000;
    breaker.recordFailure();
    now += 20_000;
    expect(breaker.tryAcquire()).toBe(true);
  });
});
