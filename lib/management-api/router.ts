import type { z } from "zod";
import { listCatalog, publishModel, unpublishModel } from "@/lib/catalog/catalog-service";
import { classifyReadFailure, DatabaseUnavailableError } from "@/lib/db/availability";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { databaseUnavailable, errorResponse, GatewayError, internalError } from "@/lib/gateway/gateway-error";
import { authenticateApiKey } from "@/lib/gateway/principal";
import { appUrl } from "@/lib/http/app-url";
import { createApiKey, getApiKey, listApiKeys, revokeApiKey, updateApiKeyLimits } from "@/lib/keys/key-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { currentPolicy, policyHistory, rollbackPolicy, savePolicy, savePolicyInputSchema } from "@/lib/policy/policy-service";
import type { CustomRule } from "@/lib/inspection/types";
import { simulateOnRecentTraffic } from "@/lib/policy/simulate-traffic";
import { createProvider, deleteProvider, listProviders, testProviderConnection } from "@/lib/providers/provider-service";
import { createRoute, deleteRoute, getRoute, listRoutes, updateRoute } from "@/lib/routing/route-service";
import { apiKeyInputSchema, catalogModelInputSchema, providerInputSchema } from "@/lib/schemas/gateway-admin";
import { keyLimitsSchema } from "@/lib/schemas/limits";
import { activityRoute } from "./activity-routes";
import { approvalRoute } from "./approval-routes";
import { mcpRoute } from "./mcp-routes";
import { requestRoute } from "./request-routes";
import { checkQueryText, list, readBody, validate } from "./http";
import { openApiDocument } from "./openapi";
import {
  connectionTestResource,
  createApiKeyBody,
  createProviderBody,
  publishModelBody,
  rollbackPolicyBody,
  routeBody,
  savePolicyBody,
  simulatePolicyBody,
  toApiKeyResource,
  toPolicyVersionResource,
  toModelResource,
  toProviderResource,
  updateApiKeyBody,
  toRouteResource,
} from "./resources";

/**
 * The management API under /api/v1: what the dashboard does with keys, providers, models, the policy, routes,
 * governed MCP tools and the audit trail (search and export),
 * for scripts and infrastructure-as-code, with an admin-scoped API key. It calls the same
 * services as the dashboard, so permissions, validation and cache invalidation are shared.
 */
export async function managementFetch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const path = pathname.replace(/^\/api\/v1/, "").replace(/\/+$/, "") || "/";
  if (request.method === "GET" && path === "/openapi.json") return Response.json(openApiDocument(appUrl(request.headers)));
  try {
    const ctx = await adminContext(request);
    checkQueryText(new URL(request.url));
    const db = await getDb();
    const mcp = await mcpRoute(request, path, db, ctx);
    if (mcp) return mcp;
    const [, resource, id, action] = path.split("/");
    const route = `${request.method} /${resource ?? ""}${id ? "/{id}" : ""}${action ? `/${action}` : ""}`;
    const approvals = await approvalRoute(route, request, db, ctx, id);
    if (approvals) return approvals;
    const activity = await activityRoute(route, request, db, ctx, id);
    if (activity) return activity;
    const requests = await requestRoute(route, request, db, ctx, id);
    if (requests) return requests;
    switch (route) {
      case "GET /keys":
        return list((await listApiKeys(db, ctx)).map(toApiKeyResource));
      case "POST /keys": {
        const body = await readBody(request, createApiKeyBody);
        const input = validate(apiKeyInputSchema, {
          name: body.name,
          scopes: body.scopes,
          expiresAt: body.expires_at,
          modelAllowlist: body.model_allowlist,
          tags: body.tags,
          requestsPerMinute: body.requests_per_minute,
          tokensPerMinute: body.tokens_per_minute,
        });
        const { apiKey, key } = await createApiKey(db, ctx, input);
        return Response.json({ ...toApiKeyResource({ ...apiKey }), key }, { status: 201 });
      }
      case "GET /keys/{id}":
        return Response.json(toApiKeyResource(await getApiKey(db, ctx, id!)));
      case "PATCH /keys/{id}": {
        const body = await readBody(request, updateApiKeyBody);
        const current = await getApiKey(db, ctx, id!);
        const input = validate(keyLimitsSchema, {
          tags: body.tags ?? current.tags,
          requestsPerMinute: body.requests_per_minute === undefined ? current.requestsPerMinute : body.requests_per_minute,
          tokensPerMinute: body.tokens_per_minute === undefined ? current.tokensPerMinute : body.tokens_per_minute,
        });
        return Response.json(toApiKeyResource(await updateApiKeyLimits(db, ctx, id!, input)));
      }
      case "DELETE /keys/{id}":
        await revokeApiKey(db, ctx, id!);
        return Response.json({ id });
      case "GET /providers":
        return list((await listProviders(db, ctx)).map(toProviderResource));
      case "POST /providers": {
        const body = await readBody(request, createProviderBody);
        const input = validate(providerInputSchema, { name: body.name, kind: body.kind, baseUrl: body.base_url, apiKey: body.api_key, apiVersion: body.api_version });
        return Response.json(toProviderResource(await createProvider(db, ctx, input)), { status: 201 });
      }
      case "DELETE /providers/{id}":
        await deleteProvider(db, ctx, id!);
        return Response.json({ id });
      case "POST /providers/{id}/test": {
        const result = await testProviderConnection(db, ctx, id!);
        return Response.json(connectionTestResource.parse({ ok: result.ok, models: result.ok ? result.models : [], message: result.ok ? null : result.message }));
      }
      case "GET /models":
        return list((await listCatalog(db, ctx)).map(toModelResource));
      case "POST /models": {
        const body = await readBody(request, publishModelBody);
        const input = validate(catalogModelInputSchema, { publicName: body.public_name, providerId: body.provider_id, upstreamModel: body.upstream_model, kind: body.kind, approveForAllKeys: body.approve });
        return Response.json(toModelResource(await publishModel(db, ctx, input)), { status: 201 });
      }
      case "DELETE /models/{id}":
        await unpublishModel(db, ctx, id!);
        return Response.json({ id });
      case "GET /routes":
        return list((await listRoutes(db, ctx)).map(toRouteResource));
      case "POST /routes":
        return Response.json(toRouteResource(await createRoute(db, ctx, routeInput(await readBody(request, routeBody)))), { status: 201 });
      case "GET /routes/{id}":
        return Response.json(toRouteResource(await getRoute(db, ctx, id!)));
      case "PUT /routes/{id}":
        return Response.json(toRouteResource(await updateRoute(db, ctx, id!, routeInput(await readBody(request, routeBody)))));
      case "DELETE /routes/{id}":
        await deleteRoute(db, ctx, id!);
        return Response.json({ id });
      case "GET /policy":
        return Response.json(toPolicyVersionResource(await currentPolicy(db, ctx.org.id)));
      case "GET /policy/{id}":
        if (id !== "versions") break;
        return list((await policyHistory(db, ctx)).map(toPolicyVersionResource));
      case "POST /policy": {
        const body = await readBody(request, savePolicyBody);
        const input = validate(savePolicyInputSchema, { rules: body.rules, customRules: body.custom_rules, message: body.message, baseVersion: body.base_version });
        return Response.json(toPolicyVersionResource(await savePolicy(db, ctx, input)), { status: 201 });
      }
      case "POST /policy/{id}":
        if (id === "simulate") {
          const body = await readBody(request, simulatePolicyBody);
          const draft = validate(savePolicyInputSchema.pick({ rules: true, customRules: true }), { rules: body.rules, customRules: body.custom_rules });
          const result = await simulateOnRecentTraffic(db, ctx, { rules: draft.rules, customRules: draft.customRules as CustomRule[] });
          return Response.json({
            examined: result.examined,
            changed: result.changed.map((change) => ({ request_id: change.requestId, created_at: change.createdAt.toISOString(), model: change.model, before: change.before, after: change.after, rules: change.rules })),
          });
        }
        if (id !== "rollback") break;
        {
          const body = await readBody(request, rollbackPolicyBody);
          return Response.json(toPolicyVersionResource(await rollbackPolicy(db, ctx, body.to_version, body.base_version)), { status: 201 });
        }
    }
    throw new GatewayError(404, `No route ${request.method} ${pathname}.`, "invalid_request_error", "unknown_url");
  } catch (caught) {
    return errorResponse(await asApiError(caught));
  }
}

/**
 * An admin key acts for the person who created it, with their current role in the org, at most
 * admin: a creator demoted to member or auditor no longer holds admin power through a key made
 * earlier, and one who left the org holds none. Revoking the key takes its power away at once.
 */
async function adminContext(request: Request): Promise<OrgContext> {
  const principal = await authenticateApiKey(request, "admin");
  const db: Db = await getDb();
  const membership = await db.membership.findFirst({
    where: { orgId: principal.orgId, userId: principal.key.createdById },
    select: { id: true, role: true, org: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) throw new GatewayError(403, "The person who created this API key is no longer a member of its org.", "permission_error", "creator_not_member");
  const role = membership.role === "owner" ? "admin" : membership.role;
  return { userId: principal.key.createdById, org: membership.org, membershipId: membership.id, role, apiKeyId: principal.key.id };
}

/** The API's snake_case route body as the route service's input (which validates it). */
function routeInput(body: z.infer<typeof routeBody>) {
  return {
    name: body.name,
    priority: body.priority,
    description: body.description,
    strategy: body.strategy,
    latencyTargetMs: body.latency_target_ms,
    workloads: body.workloads,
    keyTags: body.key_tags,
    minPromptChars: body.min_prompt_chars,
    maxPromptChars: body.max_prompt_chars,
    targets: body.targets,
  };
}

async function asApiError(caught: unknown): Promise<GatewayError> {
  if (caught instanceof GatewayError) return caught;
  if (caught instanceof AppError) {
    const type = caught.status === 404 ? "not_found_error" : caught.status === 403 ? "permission_error" : caught.status === 502 ? "upstream_error" : "invalid_request_error";
    const field = caught.fieldErrors ? Object.keys(caught.fieldErrors)[0] ?? null : null;
    return new GatewayError(caught.status, caught.message, type, caught.code, field, caught.fieldErrors);
  }
  // An outage is not a bug: say so (503), rather than an internal error with a reference.
  if ((await classifyReadFailure(caught)) instanceof DatabaseUnavailableError) return databaseUnavailable();
  return internalError("management-api", caught);
}
