/** Billing figures as the dashboard shows them, the same on the server and in the browser (dates: lib/format/time.ts). */
export function formatCount(value: number): string {
  return new Intl.NumberFormat("en-US").format(value);
}

export function formatLimit(value: number | null): string {
  return value === null ? "No limit" : formatCount(value);
}
