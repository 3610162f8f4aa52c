/** Every answer's outcome, for the whole run and for the minute being reported. */
import { summarize, type Summary } from "../bench/stats";
import type { Kind, Outcome } from "./traffic";

class Counts {
  answered: Record<Kind, number> = { plain: 0, stream: 0 };
  errors = new Map<string, number>();
  plainMs: number[] = [];
  ttftMs: number[] = [];
  streamMs: number[] = [];

  add(outcome: Outcome) {
    this.answered[outcome.kind]++;
    if (outcome.error) return void this.errors.set(outcome.error, (this.errors.get(outcome.error) ?? 0) + 1);
    if (outcome.kind === "plain") this.plainMs.push(outcome.latencyMs);
    else {
      this.streamMs.push(outcome.latencyMs);
      if (outcome.ttftMs !== null) this.ttftMs.push(outcome.ttftMs);
    }
  }

  get total() {
    return this.answered.plain + this.answered.stream;
  }

  get errorCount() {
    let n = 0;
    for (const count of this.errors.values()) n += count;
    return n;
  }

  latency(): { plain: Summary; ttft: Summary; stream: Summary } {
    return { plain: summarize(this.plainMs), ttft: summarize(this.ttftMs), stream: summarize(this.streamMs) };
  }
}

export class Tally {
  readonly run = new Counts();
  minute = new Counts();
  /** Every `x-request-id` answered, errors included: each must have its audit row. */
  readonly requestIds = new Set<string>();
  /** Requests answered without an id (network errors): nothing to look up. */
  withoutId = 0;
  inFlight = 0;
  lastAnsweredAt = 0;

  add(outcome: Outcome, at: number) {
    this.run.add(outcome);
    this.minute.add(outcome);
    if (outcome.requestId) this.requestIds.add(outcome.requestId);
    else this.withoutId++;
    this.lastAnsweredAt = at;
  }

  /** A warm-up answer: its id must have an audit row too, but its latency is not the steady state's. */
  addWarmup(outcome: Outcome) {
    if (outcome.requestId) this.requestIds.add(outcome.requestId);
    else this.withoutId++;
  }

  /** The minute's counts, and a fresh set for the next one. */
  takeMinute(): Counts {
    const done = this.minute;
    this.minute = new Counts();
    return done;
  }
}

export type { Counts };
