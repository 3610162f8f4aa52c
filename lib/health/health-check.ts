import { auditBufferFull, pendingAuditRows } from "@/lib/audit/audit-writer";
import { describeError, outageMode } from "@/lib/db/availability";
import type { Db } from "@/lib/db/client";
import { within } from "@/lib/http/deadline";
import { limitStore } from "@/lib/limits/default-store";

type LimitsStatus = { backend: "redis" | "memory"; shared: boolean; lastError: string | null };

/**
 * `GET /api/health`, for load balancers and uptime checks, with each dependency's state:
 * - database down: 503 with DATABASE_OUTAGE_MODE=fail_closed (this instance refuses traffic, so
 *   take it out), 200 `degraded` with serve_cached (it still serves what it holds);
 * - Redis down: 200 `degraded`, rate limits and quotas counted per instance until it is back;
 * - the audit rows waiting to be written.
 * The error text never includes a connection string.
 */
export function createHealthHandler(connect: () => Promise<Db>, timeoutMs = 3000, limits: () => Promise<LimitsStatus> = limitsStatus) {
  return async function health(): Promise<Response> {
    const started = performance.now();
    const mode = outageMode();
    const [database, counters] = await Promise.all([
      withTimeout(connect(), timeoutMs)
        .then((db) => withTimeout(db.$queryRaw`SELECT 1`, timeoutMs))
        .then(
          () => ({ status: "up" as const, latencyMs: Math.round(performance.now() - started), outageMode: mode }),
          (error: unknown) => ({ status: "down" as const, error: describeError(error), outageMode: mode }),
        ),
      withTimeout(limits(), timeoutMs).catch((error: unknown) => ({ backend: "unknown", shared: false, lastError: describeError(error) })),
    ]);
    const audit = { pendingRows: pendingAuditRows(), bufferFull: auditBufferFull() };
    const refusing = (database.status === "down" && mode === "fail_closed") || audit.bufferFull;
    const degraded = database.status === "down" || (counters.backend === "redis" && !counters.shared);
    const status = refusing ? "error" : degraded ? "degraded" : "ok";
    const limitsBody = {
      backend: counters.backend,
      shared: counters.shared,
      ...(counters.lastError ? { error: counters.lastError } : {}),
      ...(counters.backend === "redis" && !counters.shared ? { note: "Redis is unavailable: limits and quotas are counted per instance until it is back." } : {}),
    };
    return Response.json({ status, database, limits: limitsBody, audit }, { status: refusing ? 503 : 200, headers: noStore });
  };
}

async function limitsStatus(): Promise<LimitsStatus> {
  return (await limitStore()).status();
}

const noStore = { "cache-control": "no-store" };

const withTimeout = <T>(promise: Promise<T>, ms: number) => within(promise, ms, () => new Error(`no answer within ${ms} ms`));
