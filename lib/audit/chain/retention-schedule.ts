import { getDb } from "@/lib/db/client";
import { purgeExpiredAuditRows } from "./purge-expired";

const HOUR_MS = 3600 * 1000;

/**
 * Runs the retention purge in this process every AUDIT_PURGE_INTERVAL_MS (an hour by default;
 * 0 turns it off, e.g. where `npm run audit:purge` runs from cron instead). Every instance may run
 * it: the chain lock makes them take turns and the second finds nothing left to purge. The timer
 * is unref'd, so it never keeps a process alive.
 */
export function startRetentionPurge(): NodeJS.Timeout | null {
  const intervalMs = Number(process.env.AUDIT_PURGE_INTERVAL_MS ?? HOUR_MS);
  if (!(intervalMs > 0)) return null;
  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  return timer;
}

async function runOnce(): Promise<void> {
  try {
    const results = await purgeExpiredAuditRows(await getDb());
    const purged = results.reduce((sum, result) => sum + result.purgedRows, 0);
    if (purged > 0) console.info(`[audit] retention purge removed ${purged} row(s) in ${results.filter((r) => r.purgedRows > 0).length} org(s)`);
  } catch (error) {
    console.error(`[audit] retention purge failed: ${(error as Error).message}`);
  }
}
