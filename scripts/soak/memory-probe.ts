/**
 * Loaded into the gateway under soak (`node --import tsx --import ./scripts/soak/memory-probe.ts
 * scripts/serve-api.ts`): writes the process's V8 heap figures to SOAK_MEMORY_FILE every few
 * seconds, since /proc shows resident memory but not how much of it the JavaScript heap holds.
 * `heapUsed` is the heap right after the latest full (mark-compact) garbage collection: what is
 * really alive. Read at any other moment it swings with garbage not yet collected, which hides a
 * slow leak or fakes one. Until the first full collection it is the current figure.
 * The timer is unref'd so that it never keeps a draining gateway alive.
 */
import { writeFileSync } from "node:fs";
import { constants, PerformanceObserver } from "node:perf_hooks";

const file = process.env.SOAK_MEMORY_FILE;
if (file) {
  let liveHeap: number | null = null;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } }; // gc entries carry their kind
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) liveHeap = process.memoryUsage().heapUsed;
    }
  }).observe({ entryTypes: ["gc"] });
  const write = () => {
    const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    writeFileSync(file, JSON.stringify({ at: Date.now(), heapUsed: liveHeap ?? heapUsed, heapTotal, external, arrayBuffers }));
  };
  write();
  setInterval(write, 5_000).unref();
}
