import type { Server } from "node:http";
import { drainAudit, pendingAuditRows } from "@/lib/audit/audit-writer";
import { closeDb } from "@/lib/db/client";
import { limitsSettled } from "@/lib/limits/reservation";

/**
 * On SIGTERM/SIGINT: stop accepting connections, let the requests in flight finish (streams
 * included) for up to SHUTDOWN_GRACE_MS, then write the buffered audit rows and exit. Requests
 * still running at the deadline are cut; their streams end as `incomplete` and are recorded too.
 *
 * Next's instrumentation and our own servers both call `handleShutdownSignals`; the state lives on
 * globalThis because Next's bundle and the server script each load their own copy of this module.
 */
const GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 30_000);
/** Time left after the grace period to write the audit buffer before the process gives up. */
const FLUSH_MS = 10_000;

type ShutdownState = { installed: boolean; servers: Set<Server>; inFlight: number; idle: Set<() => void> };
const globalForShutdown = globalThis as unknown as { gatewayShutdown?: ShutdownState };

function state(): ShutdownState {
  return (globalForShutdown.gatewayShutdown ??= { installed: false, servers: new Set(), inFlight: 0, idle: new Set() });
}

/** Counts `server`'s requests in flight, so a shutdown waits for them. */
export function drainOnShutdown(server: Server): void {
  const shutdown = state();
  shutdown.servers.add(server);
  server.on("request", (_request, response) => {
    shutdown.inFlight++;
    response.once("close", () => {
      shutdown.inFlight--;
      if (shutdown.inFlight === 0) for (const resolve of shutdown.idle) resolve();
    });
  });
}

export function handleShutdownSignals(): void {
  const shutdown = state();
  if (shutdown.installed) return;
  shutdown.installed = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => void shutDown(signal, shutdown));
  }
}

async function shutDown(signal: string, shutdown: ShutdownState): Promise<never> {
  console.info(`[shutdown] ${signal}: no new connections; ${shutdown.inFlight} request(s) in flight`);
  const giveUp = setTimeout(() => {
    console.error(`[shutdown] gave up: ${pendingAuditRows()} audit row(s) not written`);
    process.exit(1);
  }, GRACE_MS + FLUSH_MS);
  for (const server of shutdown.servers) server.close();
  const drained = await allRequestsDone(shutdown, GRACE_MS);
  if (!drained) {
    console.error(`[shutdown] ${shutdown.inFlight} request(s) still running after ${GRACE_MS} ms: cutting them`);
    for (const server of shutdown.servers) server.closeAllConnections();
    await allRequestsDone(shutdown, 1_000); // their streams record themselves as incomplete
  }
  console.info(`[shutdown] writing ${pendingAuditRows()} buffered audit row(s)`);
  let code = 0;
  try {
    await drainAudit();
    await limitsSettled(); // refunds and usage charges still on their way to the counters
    if (pendingAuditRows() > 0) {
      console.error(`[shutdown] ${pendingAuditRows()} audit row(s) could not be written`);
      code = 1;
    }
    await closeDb();
  } catch (error) {
    console.error(`[shutdown] ${(error as Error).message}`);
    code = 1;
  }
  clearTimeout(giveUp);
  process.exit(code);
}

/**
 * Resolves true once no request is in flight, false at the deadline. Idle keep-alive connections
 * are closed as they go idle, so clients open their next request elsewhere.
 */
function allRequestsDone(shutdown: ShutdownState, deadlineMs: number): Promise<boolean> {
  const closeIdle = () => {
    for (const server of shutdown.servers) server.closeIdleConnections();
  };
  closeIdle();
  if (shutdown.inFlight === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const sweep = setInterval(closeIdle, 100);
    const finish = (drained: boolean) => {
      clearInterval(sweep);
      clearTimeout(timer);
      shutdown.idle.delete(onIdle);
      resolve(drained);
    };
    const onIdle = () => finish(true);
    const timer = setTimeout(() => finish(false), deadlineMs);
    shutdown.idle.add(onIdle);
  });
}
