import { within } from "@/lib/http/deadline";
import { getDb } from "./client";

/**
 * Whether the database answers, and what the gateway does when it does not.
 *
 * DATABASE_OUTAGE_MODE chooses:
 * - `fail_closed` (the default): while the database is down or too slow, `/v1` and `/mcp` refuse
 *   every request with 503 `database_unavailable`. Nothing is served that the system of record
 *   cannot vouch for (a key revoked a minute ago, a policy tightened).
 * - `serve_cached`: keys, policies and catalogs this instance already holds keep being served, past
 *   their cache lifetime, until the database is back; anything not cached gets the 503. Audit rows
 *   wait in memory (lib/audit/audit-writer.ts) and are written when it returns.
 *
 * A monitor probes with `SELECT 1` every DATABASE_PROBE_INTERVAL_MS; a probe or a hot-path read
 * that takes longer than DATABASE_TIMEOUT_MS counts as down, so a slow database is treated like an
 * absent one instead of holding requests.
 */
export type OutageMode = "fail_closed" | "serve_cached";

const PROBE_INTERVAL_MS = Number(process.env.DATABASE_PROBE_INTERVAL_MS ?? 1_000);
const TIMEOUT_MS = Number(process.env.DATABASE_TIMEOUT_MS ?? 2_000);

export function outageMode(): OutageMode {
  return process.env.DATABASE_OUTAGE_MODE === "serve_cached" ? "serve_cached" : "fail_closed";
}

export class DatabaseUnavailableError extends Error {
  constructor(reason: string) {
    super(`The database is unavailable: ${reason}`);
    this.name = "DatabaseUnavailableError";
  }
}

type Availability = {
  up: boolean;
  /** When the current state began (Date.now()). */
  since: number;
  lastError: string | null;
  monitor?: NodeJS.Timeout;
  probing?: Promise<boolean>;
  recoveryListeners: Set<() => void>;
};

// On globalThis: Next's bundle and the production server's script each load a copy of this module.
const globalForAvailability = globalThis as unknown as { databaseAvailability?: Availability };

function availability(): Availability {
  return (globalForAvailability.databaseAvailability ??= { up: true, since: Date.now(), lastError: null, recoveryListeners: new Set() });
}

export function databaseIsUp(): boolean {
  return availability().up;
}

export function databaseStatus(): { up: boolean; since: Date; lastError: string | null; mode: OutageMode } {
  const state = availability();
  return { up: state.up, since: new Date(state.since), lastError: state.lastError, mode: outageMode() };
}

/** Runs `listener` each time the database comes back after being down. */
export function onDatabaseRecovered(listener: () => void): () => void {
  const { recoveryListeners } = availability();
  recoveryListeners.add(listener);
  return () => recoveryListeners.delete(listener);
}

/** Probes now (one probe at a time) and updates the state; resolves whether the database answered. */
export function probeDatabase(): Promise<boolean> {
  const state = availability();
  state.probing ??= withDatabaseDeadline(getDb().then((db) => db.$queryRaw`SELECT 1`))
    .then(
      () => markUp(state),
      (error: Error) => markDown(state, error),
    )
    .finally(() => {
      state.probing = undefined;
    });
  return state.probing;
}

/** Probes every DATABASE_PROBE_INTERVAL_MS in the background (the timer never keeps the process alive). */
export function startDatabaseMonitor(): void {
  const state = availability();
  if (state.monitor || !(PROBE_INTERVAL_MS > 0)) return;
  state.monitor = setInterval(() => void probeDatabase(), PROBE_INTERVAL_MS);
  state.monitor.unref();
}

/** `promise`, or a DatabaseUnavailableError once it has taken DATABASE_TIMEOUT_MS. */
export function withDatabaseDeadline<T>(promise: Promise<T>, ms = TIMEOUT_MS): Promise<T> {
  return within(promise, ms, () => new DatabaseUnavailableError(`no answer within ${ms} ms`));
}

/**
 * A hot-path read failed: was it the database being unavailable (probe to find out), or something
 * else? Resolves to a DatabaseUnavailableError or the original error, for the caller to throw.
 */
export async function classifyReadFailure(error: unknown): Promise<unknown> {
  if (error instanceof DatabaseUnavailableError) {
    markDown(availability(), error);
    return error;
  }
  return (await probeDatabase()) ? error : new DatabaseUnavailableError(describeError(error));
}

function markUp(state: Availability): boolean {
  if (!state.up) {
    console.error(`[db] the database answers again after ${Math.round((Date.now() - state.since) / 1000)} s`);
    state.up = true;
    state.since = Date.now();
    state.lastError = null;
    for (const listener of state.recoveryListeners) listener();
  }
  return true;
}

function markDown(state: Availability, error: unknown): boolean {
  const reason = describeError(error);
  if (state.up) {
    const consequence =
      outageMode() === "fail_closed"
        ? "requests are refused with 503 until it is back (DATABASE_OUTAGE_MODE=fail_closed)"
        : "cached keys and policies are served and audit rows are held in memory until it is back (DATABASE_OUTAGE_MODE=serve_cached)";
    console.error(`[db] the database is unavailable (${reason}): ${consequence}`);
    state.up = false;
    state.since = Date.now();
  }
  state.lastError = reason;
  return false;
}

/** An error's message without connection strings (they can carry passwords). */
export function describeError(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/^[\s\S]*Message: `([\s\S]*)`\.?\s*$/, "$1") // Prisma wraps the driver's message in several lines
    .replace(/\s+/g, " ")
    .trim();
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s]+/gi, "<url>").slice(0, 200);
}
