import type { CounterStore } from "./counter-store";
import { LimitExceededError } from "./limit-exceeded";
import type { Limit } from "./limit-plan";
import { DEFAULT_COMPLETION_RESERVE, type TokenEstimate } from "./token-estimate";

/** Where one limit stands for this request: `used` includes what this request holds. */
export type LimitState = {
  limit: Limit;
  used: number;
  /** What this request asks of the counter: 1 request, or its token reservation. */
  requested: number;
  /** What this request holds on the counter (0 when refused or released). */
  held: number;
  /** Milliseconds until the window resets; -1 when unknown. */
  msBeforeReset: number;
  /** When the counter's window ends (Date.now() based), so late adjustments skip a window that is gone. */
  windowEndsAt: number | null;
  refusal?: "exhausted" | "too_large";
};

// On globalThis: the production server's shutdown may run in Next's bundled copy of this module
// while requests settle through the server script's copy.
const globalForLimits = globalThis as unknown as { limitUpdatesPending?: Set<Promise<unknown>> };
const pending = (globalForLimits.limitUpdatesPending ??= new Set());

/** Resolves when every refund and charge started so far has reached the counters (tests, shutdown). */
export async function limitsSettled(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

function track(promise: Promise<unknown>): Promise<void> {
  const tracked = promise.then(
    () => undefined,
    (error: Error) => console.error(`[limits] could not update a counter: ${error.message}`),
  );
  pending.add(tracked);
  void tracked.finally(() => pending.delete(tracked));
  return tracked;
}

/**
 * How many tokens to hold: the prompt plus the answer's cap. Without a cap the answer gets the
 * default reserve, but never more than the smallest token limit leaves after the prompt, so a
 * request that sets no max_tokens still fits a small budget (reconciliation charges any excess).
 */
export function tokensToReserve(estimate: TokenEstimate, limits: Limit[]): number {
  // At least one token: a reservation of nothing would pass an exhausted budget.
  if (estimate.maxCompletionTokens !== null) return Math.max(1, estimate.promptTokens + estimate.maxCompletionTokens);
  const tokenLimits = limits.filter((limit) => limit.unit === "tokens").map((limit) => limit.limit);
  const room = tokenLimits.length ? Math.min(...tokenLimits) - estimate.promptTokens : DEFAULT_COMPLETION_RESERVE;
  return Math.max(1, estimate.promptTokens + Math.max(0, Math.min(DEFAULT_COMPLETION_RESERVE, room)));
}

/**
 * Takes one request and its token estimate from every limit at once, or nothing: if any limit
 * refuses, what the others granted is given back before this throws LimitExceededError.
 */
export async function reserve(store: CounterStore, limits: Limit[], estimate: TokenEstimate): Promise<Reservation> {
  const tokens = tokensToReserve(estimate, limits);
  const amountOf = (limit: Limit) => (limit.unit === "requests" ? 1 : tokens);
  const tooLarge = limits.find((limit) => amountOf(limit) > limit.limit);
  if (tooLarge) {
    const states = await Promise.all(limits.map((limit) => current(store, limit, amountOf(limit))));
    const refused = { ...states[limits.indexOf(tooLarge)]!, refusal: "too_large" as const };
    states[limits.indexOf(tooLarge)] = refused;
    throw new LimitExceededError(refused, states, null);
  }

  const states = await Promise.all(
    limits.map(async (limit): Promise<LimitState> => {
      const amount = amountOf(limit);
      const result = await store.reserve(limit.counter, limit.subject, amount, limit.limit, limit.windowSeconds);
      return {
        limit,
        used: result.used,
        requested: amount,
        held: result.ok ? amount : 0,
        msBeforeReset: msBeforeReset(limit, result.msBeforeReset),
        windowEndsAt: result.msBeforeReset > 0 ? Date.now() + result.msBeforeReset : null,
        ...(result.ok ? {} : { refusal: "exhausted" as const }),
      };
    }),
  );
  const reservation = new Reservation(store, states, estimate);
  const refused = states.find((state) => state.refusal);
  if (!refused) return reservation;
  await reservation.release();
  const retryAfter = Math.max(...states.filter((state) => state.refusal).map((state) => Math.ceil(Math.max(state.msBeforeReset, 1000) / 1000)));
  throw new LimitExceededError(refused as LimitState & { refusal: "exhausted" }, states, retryAfter);
}

/** A reservation for a request that no limit applies to: nothing to count, nothing to give back. */
export function unlimited(estimate: TokenEstimate): Reservation {
  return new Reservation(null, [], estimate);
}

/** What one request holds on its counters until it settles (real usage) or is released (never sent). */
export class Reservation {
  private done = false;

  constructor(
    private readonly store: CounterStore | null,
    readonly states: LimitState[],
    readonly estimate: TokenEstimate,
  ) {}

  /** The request reached the provider: token counters take its real usage instead of the estimate. */
  settle(tokensUsed: number): Promise<void> {
    return this.finish((state) => (state.limit.unit === "tokens" ? Math.max(0, Math.round(tokensUsed)) - state.held : 0));
  }

  /** The request was refused or failed before the provider answered: everything held goes back. */
  release(): Promise<void> {
    return this.finish((state) => -state.held);
  }

  private finish(changeOf: (state: LimitState) => number): Promise<void> {
    if (this.done || !this.store) return Promise.resolve();
    const store = this.store;
    this.done = true;
    const now = Date.now();
    const changes = this.states.map(async (state) => {
      const change = changeOf(state);
      // A minute window that has ended is gone: giving back into (or charging) the next one would
      // hand its budget to requests that never held it.
      if (change === 0 || (state.windowEndsAt !== null && now >= state.windowEndsAt)) return;
      const after = await store.adjust(state.limit.counter, state.limit.subject, change, state.limit.windowSeconds);
      state.used = after.used;
      state.held += change;
    });
    return track(Promise.all(changes));
  }
}

async function current(store: CounterStore, limit: Limit, requested: number): Promise<LimitState> {
  const state = await store.peek(limit.counter, limit.subject);
  return { limit, used: state.used, requested, held: 0, msBeforeReset: msBeforeReset(limit, state.msBeforeReset), windowEndsAt: null };
}

/** Months end at a known time whatever the counter's expiry; a minute counter not yet created resets a minute from now. */
function msBeforeReset(limit: Limit, counterMs: number): number {
  if (limit.resetsAt) return Math.max(0, limit.resetsAt.getTime() - Date.now());
  return counterMs > 0 ? counterMs : limit.windowSeconds * 1000;
}
