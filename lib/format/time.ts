/**
 * Times as the dashboard shows them, formatted on the server so the HTML the browser hydrates
 * is the HTML the server sent (a client-side clock or time zone would differ).
 */

/** "2026-11-24 15:01 UTC" */
export function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "2026-12-01", the day in UTC */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago" */
export function age(date: Date, now: Date = new Date()): string {
  const minutes = Math.floor((now.getTime() - date.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"} ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}
