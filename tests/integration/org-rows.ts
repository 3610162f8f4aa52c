import { getDb } from "@/lib/db/client";

/**
 * Every row an org owns, as JSON text per table, to compare before and after something that must
 * change nothing. Org-scoped tables are found by their "orgId" column, so a table added later is
 * included without touching this file; tables without one must be listed below (as children of
 * an org-scoped table, or as not belonging to any org), else the snapshot refuses to run.
 */

/** Rows without an orgId of their own, reached through the org-scoped parent they belong to. */
const CHILD_TABLES: Record<string, string> = {
  ReviewComment: `"reviewId" IN (SELECT id FROM "Review" WHERE "orgId" = $1)`,
  InvestigationItem: `"investigationId" IN (SELECT id FROM "Investigation" WHERE "orgId" = $1)`,
  InvestigationNote: `"investigationId" IN (SELECT id FROM "Investigation" WHERE "orgId" = $1)`,
  // The people of the org: a change to their account is a change to the org's data too.
  User: `id IN (SELECT "userId" FROM "Membership" WHERE "orgId" = $1)`,
  Account: `"userId" IN (SELECT "userId" FROM "Membership" WHERE "orgId" = $1)`,
  Org: `id = $1`,
};
/** Tables that hold no org's data. */
const NOT_ORG_DATA = new Set(["_prisma_migrations"]);

export type OrgRows = Record<string, string[]>;

async function tables(): Promise<{ scoped: string[]; children: string[] }> {
  const db = await getDb();
  const columns = await db.$queryRawUnsafe<{ table: string; hasOrgId: boolean }[]>(
    `SELECT table_name AS "table", bool_or(column_name = 'orgId') AS "hasOrgId"
       FROM information_schema.columns WHERE table_schema = current_schema() GROUP BY table_name ORDER BY table_name`,
  );
  const scoped = columns.filter((c) => c.hasOrgId).map((c) => c.table);
  const unplaced = columns.filter((c) => !c.hasOrgId && !(c.table in CHILD_TABLES) && !NOT_ORG_DATA.has(c.table)).map((c) => c.table);
  if (unplaced.length) throw new Error(`Tables without an orgId that org-rows.ts does not place: ${unplaced.join(", ")}. Say how they belong to an org.`);
  return { scoped, children: Object.keys(CHILD_TABLES) };
}

/** All of the org's rows, one query; the generated full-text column is left out (it follows promptText). */
export async function orgRows(orgId: string): Promise<OrgRows> {
  const db = await getDb();
  const { scoped, children } = await tables();
  const where = (table: string) => (table in CHILD_TABLES ? CHILD_TABLES[table]! : `"orgId" = $1`);
  const parts = [...scoped, ...children].map(
    (table) => `SELECT '${table}' AS "table", coalesce(json_agg((to_jsonb(t) - 'searchVector')::text ORDER BY t.id), '[]') AS rows FROM "${table}" t WHERE ${where(table)}`,
  );
  const result = await db.$queryRawUnsafe<{ table: string; rows: string[] }[]>(parts.join(" UNION ALL "), orgId);
  return Object.fromEntries(result.map(({ table, rows }) => [table, rows]));
}

/** Ids of every row the org owns (and its people's), to look for in what another org is shown. */
export function idsIn(rows: OrgRows): Set<string> {
  const ids = new Set<string>();
  for (const [table, texts] of Object.entries(rows)) {
    for (const text of texts) {
      const row = JSON.parse(text) as Record<string, unknown>;
      if (typeof row.id === "string") ids.add(row.id);
      // The x-request-id callers see is an id as well.
      if (table === "GatewayRequest" && typeof row.requestId === "string") ids.add(row.requestId);
    }
  }
  return ids;
}
