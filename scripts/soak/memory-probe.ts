/**
 * Loaded into the gateway under soak (`node --import tsx --import ./scripts/soak/memory-probe.ts
 * scripts/serve-api.ts`): writes the process's V8 heap figures to SOAK_MEMORY_FILE every few
 * seconds, since /proc shows resident memory but not how much of it the JavaScript heap holds.
 * The timer is unref'd so that it never keeps a draining gateway alive.
 */
import { writeFileSync } from "node:fs";

const file = process.env.SOAK_MEMORY_FILE;
if (file) {
  const write = () => {
    const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    writeFileSync(file, JSON.stringify({ at: Date.now(), heapUsed, heapTotal, external, arrayBuffers }));
  };
  write();
  setInterval(write, 5_000).unref();
}
