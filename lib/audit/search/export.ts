import { csvLine } from "./csv";
import type { SearchFilters } from "./filters";
import { type SearchRow, toRequestSummary } from "./row";
import { type QueryRunner, searchRequests } from "./search";

export type ExportFormat = "csv" | "jsonl";
export const EXPORT_PAGE_SIZE = 1000;

const CSV_COLUMNS: [string, (row: SearchRow) => unknown][] = [
  ["created_at", (r) => r.createdAt],
  ["request_id", (r) => r.requestId],
  ["endpoint", (r) => r.endpoint],
  ["api_key_id", (r) => r.apiKeyId],
  ["api_key_name", (r) => r.apiKeyName],
  ["user_id", (r) => r.userId],
  ["user_email", (r) => r.userEmail],
  ["requested_model", (r) => r.requestedModel],
  ["served_model", (r) => r.servedModel],
  ["provider", (r) => r.providerName],
  ["status", (r) => r.status],
  ["outcome", (r) => r.outcome],
  ["error_code", (r) => r.errorCode],
  ["decision", (r) => r.decision],
  ["policy_version", (r) => r.policyVersion],
  ["matched_rules", (r) => r.matchedRules],
  ["latency_ms", (r) => r.latencyMs],
  ["ttft_ms", (r) => r.ttftMs],
  ["prompt_tokens", (r) => r.promptTokens],
  ["completion_tokens", (r) => r.completionTokens],
  ["total_tokens", (r) => r.totalTokens],
  ["workload", (r) => r.workload],
  // Last, so spreadsheets and pipelines reading columns by position before it still line up.
  ["tool_name", (r) => r.toolName],
];

/**
 * The whole search as a stream: each pull reads one keyset page (1000 rows, index-bound like the
 * page's own) and writes it out, so memory stays flat however many rows match and a client that
 * stops reading stops the queries. The time window is fixed when the export starts.
 */
export function exportStream(run: QueryRunner, orgId: string, filters: SearchFilters, format: ExportFormat, pageSize = EXPORT_PAGE_SIZE): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const now = new Date();
  let cursor: string | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let out = "";
      if (!started && format === "csv") out += csvLine(CSV_COLUMNS.map(([name]) => name));
      started = true;
      const page = await searchRequests(run, orgId, filters, { cursor, limit: pageSize, now });
      for (const row of page.rows) out += format === "csv" ? csvLine(CSV_COLUMNS.map(([, get]) => get(row))) : `${JSON.stringify(toRequestSummary(row))}\n`;
      cursor = page.nextCursor;
      if (out) controller.enqueue(encoder.encode(out));
      if (cursor === null) controller.close();
    },
  });
}

/** The download's response: type, a dated file name, and no caching of audit data. */
export function exportResponse(stream: ReadableStream<Uint8Array>, format: ExportFormat, orgSlug: string, now = new Date()): Response {
  const stamp = now.toISOString().replace(/[-:]/g, "").slice(0, 15);
  const filename = `requests-${orgSlug.replace(/[^a-z0-9-]/gi, "")}-${stamp}.${format}`;
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}

export function parseExportFormat(value: string | null): ExportFormat | null {
  return value === "csv" || value === "jsonl" ? value : null;
}
