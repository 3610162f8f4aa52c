import type { Db } from "@/lib/db/client";
import type { Period } from "./period";

export type TrafficPoint = { bucket: string; requests: number; tokens: number; blocked: number; flagged: number };

/**
 * Requests and tokens per bucket, with how many were blocked or flagged, aggregated in SQL on the
 * (orgId, createdAt) index. Buckets with no traffic are filled with zeros so the chart's time axis
 * is even.
 */
export async function trafficOverTime(db: Db, orgId: string, period: Period): Promise<TrafficPoint[]> {
  // Epoch seconds, not timestamps: no driver time zone handling between SQL and the chart. The
  // columns are UTC timestamps without a zone, so the lower bound is converted to one as well.
  const rows = await db.$queryRaw<{ epoch: number; requests: number; tokens: number; blocked: number; flagged: number }[]>`
    SELECT extract(epoch FROM date_trunc(${period.bucket}, "createdAt"))::float8 AS epoch,
           count(*)::int AS requests,
           coalesce(sum("totalTokens"), 0)::float8 AS tokens,
           (count(*) FILTER (WHERE decision = 'block'))::int AS blocked,
           (count(*) FILTER (WHERE decision = 'flag'))::int AS flagged
    FROM "GatewayRequest"
    WHERE "orgId" = ${orgId} AND "createdAt" >= (${period.since.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    GROUP BY 1`;
  const byStart = new Map(rows.map((row) => [Number(row.epoch) * 1000, row]));
  return period.bucketStarts.map((start) => {
    const row = byStart.get(start.getTime());
    return {
      bucket: start.toISOString(),
      requests: Number(row?.requests ?? 0),
      tokens: Number(row?.tokens ?? 0),
      blocked: Number(row?.blocked ?? 0),
      flagged: Number(row?.flagged ?? 0),
    };
  });
}
