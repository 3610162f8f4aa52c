import { findRequestRecord } from "@/lib/audit/request-detail";
import { InvalidCursorError } from "@/lib/audit/search/cursor";
import { exportResponse, exportStream, parseExportFormat } from "@/lib/audit/search/export";
import { parseFilters, parseLimit } from "@/lib/audit/search/filters";
import { toRequestSummary } from "@/lib/audit/search/row";
import { prismaRunner, searchRequests } from "@/lib/audit/search/search";
import type { Db } from "@/lib/db/client";
import { GatewayError } from "@/lib/gateway/gateway-error";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { toRequestPage, toRequestRecordResource } from "./request-resources";

/**
 * The audit trail for SIEM pipelines: search (same filters as the dashboard), one decision record,
 * and a streamed export, for keys whose creator may read it (audit:read, as on the dashboard).
 * Null when the route is not one of them.
 */
export async function requestRoute(route: string, request: Request, db: Db, ctx: OrgContext, id: string | undefined): Promise<Response | null> {
  if (route === "GET /requests" || route === "GET /requests/{id}") assertCan(ctx, "audit:read");
  if (route === "GET /requests") {
    const params = new URL(request.url).searchParams;
    const filters = parsedFilters(params);
    const limit = parseLimit(params);
    if (!limit.ok) throw invalid(limit.fieldErrors);
    try {
      const page = await searchRequests(prismaRunner(db), ctx.org.id, filters, { cursor: params.get("cursor"), limit: limit.limit });
      return Response.json(toRequestPage(page.rows.map(toRequestSummary), page.nextCursor));
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new GatewayError(400, `cursor: ${error.message}`, "invalid_request_error", "invalid_value", "cursor");
      throw error;
    }
  }
  if (route === "GET /requests/{id}" && id === "export") {
    const params = new URL(request.url).searchParams;
    const format = parseExportFormat(params.get("format") ?? "jsonl");
    if (!format) throw invalid({ format: ["Choose csv or jsonl."] });
    return exportResponse(exportStream(prismaRunner(db), ctx.org.id, parsedFilters(params), format), format, ctx.org.slug);
  }
  if (route === "GET /requests/{id}") {
    const record = await findRequestRecord(db, ctx.org.id, id!);
    if (!record) throw new GatewayError(404, `No request ${id} in this org.`, "not_found_error", "not_found", "id");
    return Response.json(toRequestRecordResource(record));
  }
  return null;
}

function parsedFilters(params: URLSearchParams) {
  const parsed = parseFilters(params);
  if (!parsed.ok) throw invalid(parsed.fieldErrors);
  return parsed.filters;
}

function invalid(fieldErrors: Record<string, string[]>): GatewayError {
  const [field, messages] = Object.entries(fieldErrors)[0]!;
  return new GatewayError(400, `${field}: ${messages[0]}`, "invalid_request_error", "invalid_value", field, fieldErrors);
}
