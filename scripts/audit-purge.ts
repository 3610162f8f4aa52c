/**
 * Purges audit rows past each org's retention, as the server's hourly job does; for cron or a
 * deploy step. `npm run audit:purge [-- --org <orgId>]`. Prints one JSON line per org it touched.
 */
import { purgeExpiredAuditRows } from "@/lib/audit/chain/purge-expired";
import { closeDb, getDb } from "@/lib/db/client";

async function main() {
  const at = process.argv.indexOf("--org");
  const orgId = at > 0 ? process.argv[at + 1] : undefined;
  const results = await purgeExpiredAuditRows(await getDb(), orgId);
  for (const result of results) console.log(JSON.stringify(result));
  console.error(`[audit] purged ${results.reduce((sum, r) => sum + r.purgedRows, 0)} row(s) across ${results.length} org(s) with a retention`);
}

main()
  .then(async () => {
    await closeDb();
    process.exit(0);
  })
  .catch(async (error) => {
    console.error(`[audit] purge failed: ${(error as Error).message}`);
    await closeDb().catch(() => {});
    process.exit(1);
  });
