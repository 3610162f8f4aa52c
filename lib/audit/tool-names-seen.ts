import type { Db } from "@/lib/db/client";

/** Enough for a picker; an org with more distinct tools types the name into the API instead. */
export const MAX_TOOL_NAMES = 500;

/**
 * The MCP tool names the org's audit trail holds, sorted, for the search form's tool picker
 * (tools since removed included, as their calls are still searchable). A plain DISTINCT would read
 * every tool-call row of the org; this walks the (orgId, toolName, createdAt) index instead, one
 * probe per distinct name (a "loose index scan", which PostgreSQL does not do on its own).
 */
export async function toolNamesSeen(db: Db, orgId: string): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ toolName: string }[]>(
    `WITH RECURSIVE seen AS (
  (SELECT "toolName" FROM "GatewayRequest" WHERE "orgId" = $1::text AND "toolName" IS NOT NULL ORDER BY "toolName" LIMIT 1)
  UNION ALL
  SELECT (SELECT r."toolName" FROM "GatewayRequest" r WHERE r."orgId" = $1::text AND r."toolName" > seen."toolName" ORDER BY r."toolName" LIMIT 1)
  FROM seen WHERE seen."toolName" IS NOT NULL
)
SELECT "toolName" FROM seen WHERE "toolName" IS NOT NULL LIMIT $2::int`,
    orgId,
    MAX_TOOL_NAMES,
  );
  return rows.map((row) => row.toolName);
}
