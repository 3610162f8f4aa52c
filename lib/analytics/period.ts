/**
 * The periods the overview offers. Each is a whole number of buckets ending with the current
 * one, so the first bucket is never a partial slice cut at an odd minute.
 */
export const PERIODS = {
  "24h": { label: "Last 24 hours", bucket: "hour", buckets: 24 },
  "7d": { label: "Last 7 days", bucket: "day", buckets: 7 },
  "30d": { label: "Last 30 days", bucket: "day", buckets: 30 },
} as const;

export type PeriodKey = keyof typeof PERIODS;
export type Bucket = (typeof PERIODS)[PeriodKey]["bucket"];
export const DEFAULT_PERIOD: PeriodKey = "7d";

const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };

export type Period = { key: PeriodKey; label: string; bucket: Bucket; since: Date; bucketStarts: Date[] };

/** From the URL's `?period=`; anything else is the default rather than an error. */
export function parsePeriod(value: unknown): PeriodKey {
  return typeof value === "string" && Object.hasOwn(PERIODS, value) ? (value as PeriodKey) : DEFAULT_PERIOD;
}

/** The period's buckets in UTC, as date_trunc cuts them, oldest first. */
export function resolvePeriod(key: PeriodKey, now: Date = new Date()): Period {
  const { label, bucket, buckets } = PERIODS[key];
  const size = BUCKET_MS[bucket];
  const current = Math.floor(now.getTime() / size) * size;
  const bucketStarts = Array.from({ length: buckets }, (_, index) => new Date(current - (buckets - 1 - index) * size));
  return { key, label, bucket, since: bucketStarts[0]!, bucketStarts };
}
