// Next calls register() once per server process before it serves requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startup } = await import("./lib/startup");
  const { handleShutdownSignals } = await import("./lib/shutdown");
  const { assertConfiguration } = await import("./lib/config-checks");
  assertConfiguration();
  // Next leaves SIGTERM to us only when NEXT_MANUAL_SIG_HANDLE is set (our start scripts set it).
  if (process.env.NEXT_MANUAL_SIG_HANDLE) handleShutdownSignals();
  const { startDatabaseMonitor } = await import("./lib/db/availability");
  startDatabaseMonitor(); // DATABASE_OUTAGE_MODE decides what an outage does to traffic
  const { startRetentionPurge } = await import("./lib/audit/chain/retention-schedule");
  startRetentionPurge();
  const { startUsageMetering } = await import("./lib/billing/meter-schedule");
  startUsageMetering();
  try {
    await startup();
  } catch (error) {
    // Keep serving: /api/health reports 503 until the database answers, and the first request
    // after that connects and migrates. A load balancer sees the outage instead of a crash loop.
    console.error(`[startup] database not ready: ${(error as Error).message}`);
  }
}
