/** What the gateway recorded: its audit rows (`GatewayRequest`) against the request ids the soak was answered with. */
import { spawnSync } from "node:child_process";

export type AuditCheck = {
  rows: number;
  /** Ids answered that have no row. */
  missing: number;
  /** Rows whose id was never answered. */
  unexpected: number;
  /** Rows by `stream` flag and outcome, e.g. `stream=false ok` → 42000. */
  byKind: Record<string, number>;
};

export function checkAuditRows(databaseUrl: string, answered: ReadonlySet<string>): AuditCheck {
  const result = spawnSync("psql", [databaseUrl, "-X", "-At", "-F", "\t", "-c", `SELECT "requestId", "stream", "outcome" FROM "GatewayRequest"`], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`reading GatewayRequest failed: ${result.stderr.trim() || result.error?.message}`);
  const seen = new Set<string>();
  const byKind: Record<string, number> = {};
  let unexpected = 0;
  for (const line of result.stdout.split("\n")) {
    if (!line) continue;
    const [requestId, stream, outcome] = line.split("\t");
    seen.add(requestId!);
    if (!answered.has(requestId!)) unexpected++;
    const key = `stream=${stream === "t"} ${outcome}`;
    byKind[key] = (byKind[key] ?? 0) + 1;
  }
  let missing = 0;
  for (const id of answered) if (!seen.has(id)) missing++;
  return { rows: seen.size, missing, unexpected, byKind };
}
