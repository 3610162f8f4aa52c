import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

/** Where every org's chain starts before its first row (and before any purge anchored it elsewhere). */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The stored columns a row's hash covers: everything an auditor reads. Not the row's id (a
 * surrogate key), the search vector (derived from promptText by a trigger) or the chain columns
 * themselves (prevHash and chainSeq are hashed explicitly beside these).
 */
export const HASHED_COLUMNS = [
  "requestId",
  "orgId",
  "apiKeyId",
  "userId",
  "endpoint",
  "requestedModel",
  "servedModel",
  "providerId",
  "providerName",
  "stream",
  "status",
  "outcome",
  "errorCode",
  "errorMessage",
  "decision",
  "policyVersion",
  "matchedRules",
  "latencyMs",
  "ttftMs",
  "promptTokens",
  "completionTokens",
  "totalTokens",
  "promptText",
  "responseText",
  "workload",
  "routing",
  "findings",
  "createdAt",
] as const;

export type HashedColumn = (typeof HASHED_COLUMNS)[number];
export type HashedRow = { [K in HashedColumn]?: unknown };

/** Prisma `select` for exactly the columns hashed, plus the chain's own. */
export const CHAINED_ROW_SELECT = {
  ...Object.fromEntries(HASHED_COLUMNS.map((column) => [column, true])),
  chainSeq: true,
  prevHash: true,
  rowHash: true,
} as { [K in HashedColumn | "chainSeq" | "prevHash" | "rowHash"]: true };

/**
 * sha256 over the canonical text of { prevHash, chainSeq, row: every hashed column }. A column
 * the row lacks counts as null, as the database stores it, so a row hashes the same before it is
 * written and after it is read back.
 */
export function hashRow(prevHash: string, chainSeq: number, row: HashedRow): string {
  const columns: Record<string, unknown> = {};
  for (const column of HASHED_COLUMNS) columns[column] = row[column] ?? null;
  return createHash("sha256").update(canonicalJson({ v: 1, prevHash, chainSeq, row: columns })).digest("hex");
}
