import type { Db } from "@/lib/db/client";
import type { Period } from "./period";

export type RuleCount = { rule: string; blocked: number; flagged: number };

const TOP_RULES = 15;

/**
 * Blocked and flagged requests per rule that matched them. A request that matched two rules
 * counts for both. Monitor-mode marks are left out: they did not act on the request.
 */
export async function ruleCounts(db: Db, orgId: string, period: Period): Promise<RuleCount[]> {
  const rows = await db.$queryRaw<RuleCount[]>`
    SELECT rule,
           (count(*) FILTER (WHERE decision = 'block'))::int AS blocked,
           (count(*) FILTER (WHERE decision = 'flag'))::int AS flagged
    FROM "GatewayRequest", unnest("matchedRules") AS rule
    WHERE "orgId" = ${orgId} AND "createdAt" >= (${period.since.toISOString()}::timestamptz AT TIME ZONE 'UTC')
      AND decision IN ('block', 'flag') AND rule NOT LIKE 'monitor:%'
    GROUP BY rule
    ORDER BY count(*) DESC, rule
    LIMIT ${TOP_RULES}`;
  return rows.map((row) => ({ rule: row.rule, blocked: Number(row.blocked), flagged: Number(row.flagged) }));
}
