import type { BreakerOptions } from "./routing-config";

export type BreakerState = "closed" | "open" | "half_open";

/**
 * A per-target circuit breaker. Closed: requests flow. It opens after `consecutiveFailures`
 * failures in a row, or when at least `minSamples` outcomes within `windowMs` failed at
 * `errorRate` or more. Open: routes skip the target for `cooldownMs`. Then half-open: exactly one
 * request (the probe) is let through; its success closes the breaker, its failure opens it for
 * another cooldown. A probe that never reports back (its request vanished) is replaced after a
 * cooldown, so the target cannot stay half-open forever. The clock is injected for tests.
 */
export class CircuitBreaker {
  private state: BreakerState = "closed";
  private consecutive = 0;
  private openedAt = 0;
  private probeStartedAt: number | null = null;
  private outcomes: { at: number; ok: boolean }[] = [];

  constructor(
    private readonly options: BreakerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** The state as a reader should see it: open past its cooldown is ready to probe, i.e. half-open. */
  get current(): BreakerState {
    if (this.state === "open" && this.now() - this.openedAt >= this.options.cooldownMs) return "half_open";
    return this.state;
  }

  /** When an open breaker lets its probe through (ms since epoch by the injected clock), else null. */
  get probeAt(): number | null {
    return this.state === "open" ? this.openedAt + this.options.cooldownMs : null;
  }

  /** May a request go to the target now? In half-open this grants the one probe. */
  tryAcquire(): boolean {
    const now = this.now();
    if (this.state === "closed") return true;
    if (this.state === "open") {
      if (now - this.openedAt < this.options.cooldownMs) return false;
      this.state = "half_open";
      this.probeStartedAt = now;
      return true;
    }
    if (this.probeStartedAt !== null && now - this.probeStartedAt < this.options.cooldownMs) return false;
    this.probeStartedAt = now; // the previous probe never reported: let another through
    return true;
  }

  /** Whether requests should stop going to the target (for retries already under way). */
  get isOpen(): boolean {
    return this.state === "open";
  }

  recordSuccess(): void {
    const now = this.now();
    if (this.state !== "closed") this.outcomes = []; // recovered: failures from before do not re-trip it
    this.remember(now, true);
    this.state = "closed";
    this.consecutive = 0;
    this.probeStartedAt = null;
  }

  recordFailure(): void {
    const now = this.now();
    this.remember(now, false);
    this.consecutive++;
    if (this.state === "half_open") return this.open(now);
    if (this.state === "open") return;
    if (this.consecutive >= this.options.consecutiveFailures) return this.open(now);
    const failures = this.outcomes.filter((outcome) => !outcome.ok).length;
    if (this.outcomes.length >= this.options.minSamples && failures / this.outcomes.length >= this.options.errorRate) this.open(now);
  }

  private open(now: number) {
    this.state = "open";
    this.openedAt = now;
    this.probeStartedAt = null;
  }

  private remember(now: number, ok: boolean) {
    this.outcomes.push({ at: now, ok });
    const horizon = now - this.options.windowMs;
    while (this.outcomes.length > 0 && (this.outcomes[0]!.at < horizon || this.outcomes.length > 1000)) this.outcomes.shift();
  }
}
