import { z } from "zod";
import {
  decideAccessRequest,
  decideModel,
  listAccessRequests,
  requestModelAccess,
} from "@/lib/catalog/approval-service";
import { findCatalogModel } from "@/lib/catalog/catalog-service";
import type { Db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/orgs/org-access";
import {
  accessRequestInputSchema,
  accessRequestStatusSchema,
  requestDecisionInputSchema,
  modelDecisionInputSchema,
} from "@/lib/schemas/model-approval";
import { approveBody, createAccessRequestBody, denyBody, revokeBody, scopeChoice, toAccessRequestResource } from "./approval-resources";
import { list, readBody, validate } from "./http";
import { toModelResource } from "./resources";

/**
 * The management API's approval routes: access requests (list, create, approve, deny) and direct
 * decisions on a catalog model (approve, deny, revoke). Null when the route is not one of them.
 */
export async function approvalRoute(route: string, request: Request, db: Db, ctx: OrgContext, id: string | undefined): Promise<Response | null> {
  switch (route) {
    case "GET /access-requests": {
      const status = new URL(request.url).searchParams.get("status");
      const filter = status === null ? {} : validate(z.object({ status: accessRequestStatusSchema }), { status });
      return list((await listAccessRequests(db, ctx, filter)).map(toAccessRequestResource));
    }
    case "POST /access-requests": {
      const body = await readBody(request, createAccessRequestBody);
      const scope = body.key_ids.length || body.key_tags.length ? "limited" : "org";
      const input = validate(accessRequestInputSchema, { modelId: body.model_id, reason: body.reason, scope, keyIds: body.key_ids, keyTags: body.key_tags });
      return Response.json(toAccessRequestResource(await requestModelAccess(db, ctx, input)), { status: 201 });
    }
    case "POST /access-requests/{id}/approve":
    case "POST /access-requests/{id}/deny": {
      const decision = route.slice(route.lastIndexOf("/") + 1);
      const body: { note?: string; org_wide?: boolean; key_ids?: string[]; key_tags?: string[] } = await readBody(request, decision === "approve" ? approveBody : denyBody);
      const input = validate(requestDecisionInputSchema, { requestId: id, decision, note: body.note, scope: scopeChoice(body), keyIds: body.key_ids, keyTags: body.key_tags });
      return Response.json(toAccessRequestResource(await decideAccessRequest(db, ctx, input)));
    }
    case "POST /models/{id}/approve":
    case "POST /models/{id}/deny":
    case "POST /models/{id}/revoke": {
      const decision = route.slice(route.lastIndexOf("/") + 1);
      const body: { note?: string; org_wide?: boolean; key_ids?: string[]; key_tags?: string[] } = await readBody(
        request,
        decision === "approve" ? approveBody : decision === "deny" ? denyBody : revokeBody,
      );
      // With no scope named, a direct approval is for every key; deny and revoke ignore scopes.
      const input = validate(modelDecisionInputSchema, {
        modelId: id,
        decision,
        note: body.note,
        scope: scopeChoice(body) ?? "org",
        keyIds: body.key_ids,
        keyTags: body.key_tags,
      });
      await decideModel(db, ctx, input);
      return Response.json(toModelResource(await findCatalogModel(db, ctx, input.modelId)));
    }
  }
  return null;
}
