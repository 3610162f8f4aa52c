/** Percentiles over raw samples (ms): the bench keeps every sample, so nothing is lost to histogram buckets. */
export type Summary = { n: number; p50: number; p99: number; max: number };

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export function summarize(samples: number[]): Summary {
  const values = Array.from(Float64Array.from(samples).sort()); // typed arrays sort numerically, and fast
  return { n: values.length, p50: percentile(values, 0.5), p99: percentile(values, 0.99), max: values[values.length - 1] ?? Number.NaN };
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
