import type { Cursor } from "./cursor";
import { type SearchFilters, timeWindow } from "./filters";

/** A parameterised statement ($1, $2…), runnable by Prisma's $queryRawUnsafe and by `pg` alike. */
export type SqlQuery = { text: string; values: unknown[] };

/** The columns a result row carries: metadata only; prompt and answer text stay on the detail page. */
const COLUMNS = `r."id", r."requestId", r."createdAt", r."apiKeyId", k."name" AS "apiKeyName", r."userId", u."email" AS "userEmail",
  r."endpoint", r."requestedModel", r."servedModel", r."providerId", r."providerName", r."stream", r."status", r."outcome"::text AS "outcome",
  r."errorCode", r."decision", r."policyVersion", r."matchedRules", r."latencyMs", r."ttftMs", r."promptTokens", r."completionTokens",
  r."totalTokens", r."workload", r."toolName"`;

/**
 * One page of an org's requests matching `filters`. Every condition is a plain column test the
 * indexes of migration 20261124155051_audit_console serve: (orgId, <column>, createdAt) b-trees,
 * (orgId, latencyMs), GIN on matchedRules (`@>`) and on the generated searchVector column (`@@`);
 * the tool filters use (orgId, toolName, createdAt) of migration 20261124181421_mcp_tools.
 * The org condition is always first and always there: no filter can reach another org's rows.
 * Values are only ever parameters, never spliced into the text.
 */
export function buildSearchQuery(orgId: string, filters: SearchFilters, page: { cursor?: Cursor; limit: number; now?: Date }): SqlQuery {
  const values: unknown[] = [];
  const param = (value: unknown, type: string) => {
    values.push(value);
    return `$${values.length}::${type}`;
  };
  const where = [`r."orgId" = ${param(orgId, "text")}`];
  const { from, to } = timeWindow(filters, page.now);
  if (from) where.push(`r."createdAt" >= ${param(from.toISOString(), "timestamp(3)")}`);
  if (to) where.push(`r."createdAt" < ${param(to.toISOString(), "timestamp(3)")}`);
  const equals: [string, string | undefined][] = [
    ["apiKeyId", filters.key],
    ["userId", filters.user],
    ["requestedModel", filters.requestedModel],
    ["servedModel", filters.servedModel],
    ["providerId", filters.provider],
    ["decision", filters.decision],
    ["requestId", filters.requestId],
    ["toolName", filters.toolName],
  ];
  for (const [column, value] of equals) if (value !== undefined) where.push(`r."${column}" = ${param(value, "text")}`);
  // A tool call is the row with a tool name: the kind is that column's presence, no other marker.
  if (filters.kind) where.push(`r."toolName" IS ${filters.kind === "tool" ? "NOT NULL" : "NULL"}`);
  if (filters.outcome) where.push(`r."outcome" = ${param(filters.outcome, "text")}::"RequestOutcome"`);
  if (filters.rule) where.push(`r."matchedRules" @> ARRAY[${param(filters.rule, "text")}]`);
  if (filters.status) {
    if (filters.status.min === filters.status.max) where.push(`r."status" = ${param(filters.status.min, "int")}`);
    else where.push(`r."status" BETWEEN ${param(filters.status.min, "int")} AND ${param(filters.status.max, "int")}`);
  }
  if (filters.latencyMin !== undefined) where.push(`r."latencyMs" >= ${param(filters.latencyMin, "int")}`);
  if (filters.latencyMax !== undefined) where.push(`r."latencyMs" <= ${param(filters.latencyMax, "int")}`);
  if (filters.tokensMin !== undefined) where.push(`r."totalTokens" >= ${param(filters.tokensMin, "int")}`);
  if (filters.tokensMax !== undefined) where.push(`r."totalTokens" <= ${param(filters.tokensMax, "int")}`);
  if (filters.q) where.push(`r."searchVector" @@ websearch_to_tsquery('simple', ${param(filters.q, "text")})`);

  const byTime = filters.sort.startsWith("time");
  const column = byTime ? `r."createdAt"` : `r."latencyMs"`;
  const direction = filters.sort.endsWith("desc") ? "DESC" : "ASC";
  if (page.cursor) {
    const key = byTime ? param(page.cursor.at, "timestamp(3)") : param(page.cursor.latency, "int");
    const id = param(page.cursor.id, "text");
    const op = direction === "DESC" ? "<" : ">";
    // The plain bound lets the (orgId, createdAt|latencyMs) index start at the cursor; the OR breaks ties by id.
    where.push(`${column} ${op}= ${key}`, `(${column} ${op} ${key} OR r."id" ${op} ${id})`);
  }
  const limit = param(page.limit + 1, "int"); // one more than shown says whether a next page exists
  return {
    text: `SELECT ${COLUMNS}
FROM "GatewayRequest" r
LEFT JOIN "ApiKey" k ON k."id" = r."apiKeyId"
LEFT JOIN "User" u ON u."id" = r."userId"
WHERE ${where.join("\n  AND ")}
ORDER BY ${column} ${direction}, r."id" ${direction}
LIMIT ${limit}`,
    values,
  };
}
