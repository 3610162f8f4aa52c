/**
 * The gateway's memory over the soak: resident memory from /proc, the V8 heap from the file
 * scripts/soak/memory-probe.ts keeps up to date inside it, and whether memory stayed flat.
 */
import { readFileSync } from "node:fs";
import { cpuSeconds, rssMb } from "../bench/processes";

export type Sample = { seconds: number; rssMb: number; heapUsedMb: number | null; cpuSeconds: number };

function heapUsedMb(file: string): number | null {
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { heapUsed: number }).heapUsed / 2 ** 20;
  } catch {
    return null;
  }
}

export function sample(pid: number, memoryFile: string, seconds: number): Sample | null {
  const rss = rssMb(pid);
  if (rss === null) return null;
  return { seconds, rssMb: rss, heapUsedMb: heapUsedMb(memoryFile), cpuSeconds: cpuSeconds(pid) };
}

/** The sample taken closest to `seconds`. */
export function at(samples: Sample[], seconds: number): Sample | undefined {
  let best: Sample | undefined;
  for (const s of samples) if (!best || Math.abs(s.seconds - seconds) < Math.abs(best.seconds - seconds)) best = s;
  return best;
}

/** Least-squares slope of `value` over time, in MB per minute; null with fewer than 3 points. */
export function slopePerMinute(samples: Sample[], value: (s: Sample) => number | null): number | null {
  const points = samples.flatMap((s) => {
    const v = value(s);
    return v === null ? [] : [[s.seconds / 60, v] as const];
  });
  if (points.length < 3) return null;
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? null : points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx;
}

export type Verdict = { flat: boolean; growth: number; secondThirdMaxMb: number; lastThirdMaxMb: number; slopeAfterMinute2: number | null };

/**
 * Flat when the highest RSS of the run's last third is less than `threshold` (0.10 = 10%) above the
 * highest of its second third. The first third is left out: that is where the heap, the JIT and the
 * connection pools grow to their working size. Comparing maxima, not single samples, keeps one
 * sample taken just before a garbage collection from deciding either way.
 */
export function verdict(samples: Sample[], durationSeconds: number, threshold: number): Verdict {
  const third = durationSeconds / 3;
  const max = (from: number, to: number) => Math.max(...samples.filter((s) => s.seconds > from && s.seconds <= to).map((s) => s.rssMb));
  const secondThirdMaxMb = max(third, 2 * third);
  const lastThirdMaxMb = max(2 * third, Number.POSITIVE_INFINITY);
  const growth = lastThirdMaxMb / secondThirdMaxMb - 1;
  return {
    flat: Number.isFinite(growth) && growth < threshold,
    growth,
    secondThirdMaxMb,
    lastThirdMaxMb,
    slopeAfterMinute2: slopePerMinute(
      samples.filter((s) => s.seconds >= 120),
      (s) => s.rssMb,
    ),
  };
}
