import { activityFiltersSchema } from "@/lib/activity/activity-filters";
import { listActivity } from "@/lib/activity/list-activity";
import { verifyChainAs } from "@/lib/audit/chain/verify-service";
import type { Db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/orgs/org-access";
import { toActivityResource, toChainVerificationResource } from "./activity-resources";
import { validate } from "./http";

/** The query's snake_case names as the shared filter schema's. */
const QUERY_NAMES: Record<string, string> = { from: "from", to: "to", actor: "actor", action: "action", target_type: "targetType", q: "q", cursor: "cursor", limit: "limit" };

/**
 * `GET /activity` (the admin activity log, filtered and paged like the Activity page) and
 * `POST /audit/verify` (the hash chain check). Null when the route is neither.
 */
export async function activityRoute(route: string, request: Request, db: Db, ctx: OrgContext, id: string | undefined): Promise<Response | null> {
  if (route === "GET /activity") {
    const query: Record<string, string> = {};
    for (const [name, value] of new URL(request.url).searchParams) if (QUERY_NAMES[name]) query[QUERY_NAMES[name]] = value;
    const page = await listActivity(db, ctx, validate(activityFiltersSchema, query));
    return Response.json({ object: "list", data: page.entries.map(toActivityResource), next_cursor: page.nextCursor });
  }
  if (route === "POST /audit/{id}" && id === "verify") return Response.json(toChainVerificationResource(await verifyChainAs(db, ctx)));
  return null;
}
