import { flushAudit, pendingAuditRows } from "@/lib/audit/audit-writer";
import { closeDb } from "@/lib/db/client";
import { limitsSettled } from "@/lib/limits/reservation";

/**
 * On SIGTERM/SIGINT, write the buffered audit rows before the process exits. Next exits at once
 * on these signals unless NEXT_MANUAL_SIG_HANDLE is set (our start scripts set it), so this only
 * takes over when Next has left the signals to us.
 */
export function flushOnShutdown(): void {
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) return;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, async () => {
      console.info(`[shutdown] ${signal}: writing ${pendingAuditRows()} buffered audit row(s)`);
      const deadline = setTimeout(() => process.exit(1), 10_000);
      try {
        await flushAudit();
        await limitsSettled(); // refunds and usage charges still on their way to the counters
        await closeDb();
      } finally {
        clearTimeout(deadline);
        process.exit(0);
      }
    });
  }
}
