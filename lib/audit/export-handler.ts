import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { resolveOrgAccess } from "@/lib/orgs/org-access";
import { exportResponse, exportStream, parseExportFormat } from "./search/export";
import { parseFilters } from "./search/filters";
import { prismaRunner } from "./search/search";

const problem = (status: number, message: string, fieldErrors?: Record<string, string[]>) => Response.json({ error: { message, field_errors: fieldErrors } }, { status });

/**
 * GET /api/orgs/{org}/requests/export?format=csv|jsonl&<search filters>: the dashboard's export,
 * for a signed-in member with audit:read. The search page links here with exactly its filters.
 */
export async function exportForMember(request: Request, orgSlug: string, userId: string | null): Promise<Response> {
  if (!userId) return problem(401, "Sign in first.");
  const params = new URL(request.url).searchParams;
  try {
    const db = await getDb();
    const ctx = await resolveOrgAccess(db, userId, orgSlug, "audit:read");
    const format = parseExportFormat(params.get("format"));
    if (!format) return problem(400, "format: choose csv or jsonl.", { format: ["Choose csv or jsonl."] });
    const parsed = parseFilters(params);
    if (!parsed.ok) return problem(400, "Some filters are not valid.", parsed.fieldErrors);
    return exportResponse(exportStream(prismaRunner(db), ctx.org.id, parsed.filters, format), format, ctx.org.slug);
  } catch (error) {
    if (error instanceof AppError) return problem(error.status, error.message);
    throw error;
  }
}
