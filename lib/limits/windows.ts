/** Per-minute limits: a fixed window that starts with the key's first request in it. */
export const MINUTE_SECONDS = 60;

/**
 * Late adjustments (a stream that began on the 31st and ends on the 1st) still reach the month
 * they were reserved in, so a month's counters outlive it by this long before Redis drops them.
 */
const MONTH_GRACE_SECONDS = 24 * 3600;

/** The calendar month (UTC) `now` falls in: its counter suffix, when it ends, and for how long to keep it. */
export function monthWindow(now: Date = new Date()) {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const resetsAt = new Date(Date.UTC(year, month + 1, 1));
  const msToReset = resetsAt.getTime() - now.getTime();
  return {
    id: `${year}-${String(month + 1).padStart(2, "0")}`,
    resetsAt,
    msToReset,
    keepSeconds: Math.ceil(msToReset / 1000) + MONTH_GRACE_SECONDS,
  };
}
