/** Display helpers for billing figures, the same on the server and in the browser. */
export function formatCount(value: number): string {
  return new Intl.NumberFormat("en-US").format(value);
}

export function formatLimit(value: number | null): string {
  return value === null ? "No limit" : formatCount(value);
}

/** "2026-12-01", in UTC like every date billing shows. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
