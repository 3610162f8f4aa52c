import { getDb } from "@/lib/db/client";
import { billingConfig } from "./billing-config";
import { reportUsage } from "./meter-reporter";

/**
 * Sends usage to Stripe's meters from this process every BILLING_METER_INTERVAL_MS (a minute by
 * default; 0 turns it off). Every instance may run it: reports are claimed in the database, so
 * none is sent twice. The timer is unref'd, so it never keeps a process alive.
 */
export function startUsageMetering(): NodeJS.Timeout | null {
  const config = billingConfig();
  if (!config || config.meterIntervalMs === 0) return null;
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow Stripe never stacks runs
    running = true;
    void getDb()
      .then((db) => reportUsage(db, config))
      .then((run) => {
        if (run.sent || run.failed) console.info(`[billing] usage to Stripe: ${run.sent} report(s) sent (${run.requests} requests, ${run.tokens} tokens), ${run.failed} to retry`);
      })
      .catch((error: Error) => console.error(`[billing] usage reporting failed: ${error.message}`))
      .finally(() => {
        running = false;
      });
  }, config.meterIntervalMs);
  timer.unref();
  return timer;
}
