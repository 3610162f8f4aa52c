import type { Db } from "@/lib/db/client";
import type { StoredFinding } from "@/lib/gateway/stored-prompt";
import { DIRECTIONS } from "@/lib/policy/policy-schema";
import type { RoutingRecord } from "@/lib/routing/routing-record";
import { readToolCallRecord } from "./tool-call-view";

/**
 * One request's decision record for the org, by its request id (req_…) or row id. Another org's
 * request is simply not found: the org condition is part of the lookup, not a check after it.
 * An MCP tool call's row carries `toolCall` (its ToolCallRecord); other rows have null there.
 */
export async function findRequestRecord(db: Db, orgId: string, id: string) {
  if (!id || id.length > 100) return null;
  const row = await db.gatewayRequest.findFirst({
    where: { orgId, OR: [{ requestId: id }, { id }] },
  });
  if (!row) return null;
  const [apiKey, user] = await Promise.all([
    row.apiKeyId ? db.apiKey.findFirst({ where: { id: row.apiKeyId, orgId }, select: { id: true, name: true, prefix: true } }) : null,
    row.userId ? db.user.findUnique({ where: { id: row.userId }, select: { id: true, email: true, name: true } }) : null,
  ]);
  return {
    ...row,
    routing: row.routing as RoutingRecord | null,
    findings: readFindings(row.findings),
    toolCall: row.toolName === null ? null : readToolCallRecord(row.tool),
    apiKey,
    user,
  };
}

export type RequestRecordView = NonNullable<Awaited<ReturnType<typeof findRequestRecord>>>;

/** Rows written before findings were kept have none; anything malformed is dropped, not shown. */
function readFindings(value: unknown): StoredFinding[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is StoredFinding =>
      typeof f === "object" && f !== null && typeof f.ruleId === "string" && typeof f.start === "number" && typeof f.end === "number" && DIRECTIONS.includes(f.direction),
  );
}
