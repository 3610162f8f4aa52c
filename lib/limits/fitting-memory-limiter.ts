import { type IRateLimiterOptions, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** The slice of rate-limiter-flexible's (untyped) in-process store this class reads. */
type MemoryRecords = { _storage: Map<string, { value: number; expiresAt: number | null }> };

/** Node's timers overflow past 2^31-1 ms (about 24.8 days) and then fire at once. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

export type FitOptions = { customDuration?: number; /** The limit to stay within; `points` when absent. */ fitWithin?: number };

/**
 * RateLimiterMemory with the semantics of fit-script.ts: `consume` adds only what fits within the
 * limit, so a refusal leaves the counter as it was. JavaScript runs the check and the increment
 * with no pause in between, which makes the pair atomic within this process. The limit comes
 * with each call (`fitWithin`), so one instance serves every key of a counter whatever its limit;
 * `penalty` and `reward` always apply. Used when there is no Redis, and as the insurance of the
 * Redis limiters when Redis fails (`onUse` is told then).
 */
export class FittingMemoryLimiter extends RateLimiterMemory {
  constructor(
    options: IRateLimiterOptions,
    private readonly onUse?: () => void,
  ) {
    super(options);
  }

  override consume(key: string | number, points = 1, options: FitOptions = {}): Promise<RateLimiterRes> {
    this.onUse?.();
    const limit = options.fitWithin ?? this.points;
    const records = (this as unknown as { _memoryStorage: MemoryRecords })._memoryStorage._storage;
    const record = records.get(this.getKey(key));
    const now = Date.now();
    const live = record !== undefined && (record.expiresAt === null || record.expiresAt > now);
    const used = live ? record.value : 0;
    const msBeforeNext = live ? (record.expiresAt === null ? -1 : record.expiresAt - now) : this.windowMs(options);
    if (points > 0 && used + points > limit) {
      return Promise.reject(new RateLimiterRes(Math.max(limit - used, 0), msBeforeNext, used + points, false));
    }
    return super.consume(key, points, options);
  }

  override penalty(key: string | number, points = 1, options: FitOptions = {}): Promise<RateLimiterRes> {
    this.onUse?.();
    return super.penalty(key, points, options);
  }

  override reward(key: string | number, points = 1, options: FitOptions = {}): Promise<RateLimiterRes> {
    this.onUse?.();
    return super.reward(key, points, options);
  }

  override get(key: string | number, options: FitOptions = {}): Promise<RateLimiterRes | null> {
    this.onUse?.();
    return super.get(key, options);
  }

  /**
   * rate-limiter-flexible reads every operation's window through this (untyped) hook. Month-long
   * windows would overflow Node's timers, so such counters get no expiry here instead: their
   * keys name the month, so a new month starts a new counter anyway.
   */
  _getKeySecDuration(options: FitOptions = {}): number {
    const seconds = options.customDuration !== undefined && options.customDuration >= 0 ? options.customDuration : this.duration;
    return seconds > MAX_TIMER_SECONDS ? 0 : seconds;
  }

  private windowMs(options: FitOptions): number {
    const seconds = this._getKeySecDuration(options);
    return seconds > 0 ? seconds * 1000 : -1;
  }
}
