/** "3 s", "4 min", "2 h": how far apart two instants are, roughly. */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

export const ago = (at: Date, now: Date) => (now.getTime() - at.getTime() < 5_000 ? "just now" : `${duration(now.getTime() - at.getTime())} ago`);

export const percent = (rate: number) => `${rate === 0 || rate >= 0.1 ? Math.round(rate * 100) : (rate * 100).toFixed(1)}%`;

export const milliseconds = (ms: number | null) => (ms === null ? "—" : `${ms.toLocaleString("en-US")} ms`);
