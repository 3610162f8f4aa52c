import type { Db } from "@/lib/db/client";
import type { Period } from "./period";

export type ProviderLatency = { provider: string; requests: number; p50: number; p95: number; p99: number };

const TOP_PROVIDERS = 12;

/**
 * Latency percentiles (whole request, in ms) per provider that served, computed by PostgreSQL's
 * percentile_cont. Requests that never reached a provider (blocked, bad key) have none.
 */
export async function latencyByProvider(db: Db, orgId: string, period: Period): Promise<ProviderLatency[]> {
  const rows = await db.$queryRaw<ProviderLatency[]>`
    SELECT "providerName" AS provider,
           count(*)::int AS requests,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "latencyMs")::float8 AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs")::float8 AS p95,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY "latencyMs")::float8 AS p99
    FROM "GatewayRequest"
    WHERE "orgId" = ${orgId} AND "createdAt" >= (${period.since.toISOString()}::timestamptz AT TIME ZONE 'UTC') AND "providerName" IS NOT NULL
    GROUP BY "providerName"
    ORDER BY count(*) DESC, "providerName"
    LIMIT ${TOP_PROVIDERS}`;
  // A tenth of a millisecond is plenty, and hides float noise such as 95.49999999999999.
  const ms = (value: number) => Math.round(Number(value) * 10) / 10;
  return rows.map((row) => ({ provider: row.provider, requests: Number(row.requests), p50: ms(row.p50), p95: ms(row.p95), p99: ms(row.p99) }));
}
