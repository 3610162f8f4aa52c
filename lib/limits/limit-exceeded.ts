import type { LimitState } from "./reservation";

/**
 * A request refused by a limit: `exhausted` when the window's budget is used up (retry after it
 * resets), `too_large` when the request alone needs more tokens than the limit allows at all.
 * `states` describes every limit that applies, for the response headers.
 */
export class LimitExceededError extends Error {
  constructor(
    readonly refused: LimitState & { refusal: "exhausted" | "too_large" },
    readonly states: LimitState[],
    /** Null when waiting cannot help (too large). */
    readonly retryAfterSeconds: number | null,
  ) {
    super(`${refused.limit.scope} ${refused.limit.unit} limit of ${refused.limit.limit} reached`);
    this.name = "LimitExceededError";
  }
}
