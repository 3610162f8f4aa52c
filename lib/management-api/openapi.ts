import {
  apiKeyResource,
  connectionTestResource,
  createApiKeyBody,
  createdApiKeyResource,
  createProviderBody,
  errorResource,
  listOf,
  modelResource,
  providerResource,
  policyVersionResource,
  publishModelBody,
  rollbackPolicyBody,
  routeBody,
  routeResource,
  savePolicyBody,
  simulatePolicyBody,
  simulationResource,
  updateApiKeyBody,
} from "./resources";
import { activityPageResource, chainVerificationResource } from "./activity-resources";
import { accessRequestResource, approveBody, createAccessRequestBody, denyBody, revokeBody } from "./approval-resources";
import { mcpPaths } from "./mcp-openapi";
import { conflict, decision, errors, idParam, json, notFound, ok } from "./openapi-parts";
import { requestPageResource, requestRecordResource, searchParameters } from "./request-resources";

/** The management API's OpenAPI 3.1 document, generated from the same zod schemas it validates with. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "LLM Gateway management API",
      version: "1",
      description:
        "Everything the dashboard does with API keys, providers, models, model approvals, the policy and routes, governed MCP tools, audit search and export, the admin activity log and the audit chain check, for an org, with an admin-scoped API key (which acts with its creator's role in the org, at most admin).",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API key with the admin scope." } } },
    paths: {
      "/keys": {
        get: { operationId: "listKeys", summary: "List API keys", responses: { "200": ok("The org's keys", listOf(apiKeyResource)), ...errors } },
        post: {
          operationId: "createKey",
          summary: "Create an API key (returned once)",
          requestBody: { required: true, content: json(createApiKeyBody) },
          responses: { "201": ok("The key, with its secret", createdApiKeyResource), ...errors },
        },
      },
      "/keys/{id}": {
        get: { operationId: "getKey", summary: "One API key", parameters: idParam, responses: { "200": ok("The key", apiKeyResource), ...errors, ...notFound } },
        patch: {
          operationId: "updateKey",
          summary: "Change a key's tags and per-minute limits (applies from the next request on every instance)",
          parameters: idParam,
          requestBody: { required: true, content: json(updateApiKeyBody) },
          responses: { "200": ok("The key", apiKeyResource), ...errors, ...notFound },
        },
        delete: { operationId: "revokeKey", summary: "Revoke an API key", parameters: idParam, responses: { "200": ok("Revoked", apiKeyResource.pick({ id: true })), ...errors, ...notFound } },
      },
      "/providers": {
        get: { operationId: "listProviders", summary: "List providers", responses: { "200": ok("The org's providers", listOf(providerResource)), ...errors } },
        post: {
          operationId: "createProvider",
          summary: "Add a provider",
          requestBody: { required: true, content: json(createProviderBody) },
          responses: { "201": ok("The provider", providerResource), ...errors },
        },
      },
      "/providers/{id}": {
        delete: { operationId: "deleteProvider", summary: "Remove a provider and unpublish its models", parameters: idParam, responses: { "200": ok("Removed", providerResource.pick({ id: true })), ...errors, ...notFound } },
      },
      "/providers/{id}/test": {
        post: { operationId: "testProvider", summary: "Test the connection by listing the provider's models", parameters: idParam, responses: { "200": ok("The result", connectionTestResource), ...errors, ...notFound } },
      },
      "/models": {
        get: { operationId: "listModels", summary: "List the org catalog", responses: { "200": ok("Published models", listOf(modelResource)), ...errors } },
        post: {
          operationId: "publishModel",
          summary: "Publish a model to the catalog",
          requestBody: { required: true, content: json(publishModelBody) },
          responses: { "201": ok("The published model", modelResource), ...errors, ...notFound },
        },
      },
      "/policy": {
        get: { operationId: "getPolicy", summary: "The policy version in force", responses: { "200": ok("The policy", policyVersionResource), ...errors } },
        post: {
          operationId: "savePolicy",
          summary: "Save a new policy version",
          requestBody: { required: true, content: json(savePolicyBody) },
          responses: { "201": ok("The new version", policyVersionResource), ...errors, "409": { description: "A newer version is in force", content: json(errorResource) } },
        },
      },
      "/policy/versions": {
        get: { operationId: "listPolicyVersions", summary: "Policy history, newest first", responses: { "200": ok("Versions", listOf(policyVersionResource)), ...errors } },
      },
      "/policy/simulate": {
        post: {
          operationId: "simulatePolicy",
          summary: "Replay a draft policy over recent stored prompts and list the decisions it would change",
          requestBody: { required: true, content: json(simulatePolicyBody) },
          responses: { "200": ok("The simulation", simulationResource), ...errors },
        },
      },
      "/policy/rollback": {
        post: {
          operationId: "rollbackPolicy",
          summary: "Roll back by saving an old version's rules as the next version",
          requestBody: { required: true, content: json(rollbackPolicyBody) },
          responses: { "201": ok("The new version", policyVersionResource), ...errors, ...notFound },
        },
      },
      "/routes": {
        get: { operationId: "listRoutes", summary: "List routes, by name then priority", responses: { "200": ok("The org's routes", listOf(routeResource)), ...errors } },
        post: {
          operationId: "createRoute",
          summary: "Create a route (refused with field errors: no targets, every weight zero, an unknown model or route, an alias loop)",
          requestBody: { required: true, content: json(routeBody) },
          responses: { "201": ok("The route", routeResource), ...errors, "409": { description: "A route of this name has this priority", content: json(errorResource) } },
        },
      },
      "/routes/{id}": {
        get: { operationId: "getRoute", summary: "One route", parameters: idParam, responses: { "200": ok("The route", routeResource), ...errors, ...notFound } },
        put: {
          operationId: "replaceRoute",
          summary: "Replace a route's settings (the whole route)",
          parameters: idParam,
          requestBody: { required: true, content: json(routeBody) },
          responses: { "200": ok("The route", routeResource), ...errors, ...notFound, "409": { description: "A route of this name has this priority", content: json(errorResource) } },
        },
        delete: {
          operationId: "deleteRoute",
          summary: "Delete a route (refused while another route sends to its name and nothing else answers to it)",
          parameters: idParam,
          responses: { "200": ok("Deleted", routeResource.pick({ id: true })), ...errors, ...notFound, "409": { description: "Another route depends on it", content: json(errorResource) } },
        },
      },
      "/models/{id}/approve": decision(
        "approveModel",
        "Approve a model for every key (no scope given), or only for key_ids and key_tags; replaces its approval",
        approveBody,
        modelResource,
      ),
      "/models/{id}/deny": decision("denyModel", "Deny a model (a note is required)", denyBody, modelResource),
      "/models/{id}/revoke": decision("revokeModel", "Revoke a model's approval: back to unreviewed", revokeBody, modelResource, "The model is not approved"),
      "/access-requests": {
        get: {
          operationId: "listAccessRequests",
          summary: "Access requests: pending oldest first, then the latest decided",
          parameters: [{ name: "status", in: "query", required: false, schema: { type: "string", enum: ["pending", "approved", "denied"] } }],
          responses: { "200": ok("Requests", listOf(accessRequestResource)), ...errors },
        },
        post: {
          operationId: "createAccessRequest",
          summary: "Ask for a model, for every key (no keys or tags) or some, as the key's creator",
          requestBody: { required: true, content: json(createAccessRequestBody) },
          responses: {
            "201": ok("The pending request", accessRequestResource),
            ...errors,
            ...notFound,
            ...conflict("The same request is already pending, or the model is already approved for it"),
          },
        },
      },
      "/access-requests/{id}/approve": decision(
        "approveAccessRequest",
        "Approve a pending request for the scope asked, or the one given; merged into the model's approval (every key wins)",
        approveBody,
        accessRequestResource,
        "Already decided",
      ),
      "/access-requests/{id}/deny": decision("denyAccessRequest", "Deny a pending request (a note is required)", denyBody, accessRequestResource, "Already decided"),
      "/activity": {
        get: {
          operationId: "listActivity",
          summary: "The admin activity log, newest first: who changed what (keys, policy, models, members, settings, audit)",
          parameters: [
            ...["from", "to"].map((name) => ({ name, in: "query", required: false, schema: { type: "string", format: "date-time" } })),
            { name: "actor", in: "query", required: false, description: "A user id or API key id", schema: { type: "string" } },
            { name: "action", in: "query", required: false, description: "An action or its start, e.g. `key.`", schema: { type: "string" } },
            { name: "target_type", in: "query", required: false, schema: { type: "string" } },
            { name: "q", in: "query", required: false, description: "Words in the summary", schema: { type: "string" } },
            { name: "cursor", in: "query", required: false, schema: { type: "string" } },
            { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
          ],
          responses: { "200": ok("A page of activity", activityPageResource), ...errors },
        },
      },
      "/audit/verify": {
        post: {
          operationId: "verifyAuditChain",
          summary: "Recompute the org's audit hash chain and report the first broken link, if any",
          responses: { "200": ok("The verification", chainVerificationResource), ...errors },
        },
      },
      "/requests": {
        get: {
          operationId: "searchRequests",
          summary: "Search the org's audit trail (model requests and MCP tool calls), newest first by default, one keyset page at a time",
          parameters: [
            ...searchParameters,
            { name: "cursor", in: "query", required: false, description: "`next_cursor` of the previous page (same filters and sort).", schema: { type: "string" } },
            { name: "limit", in: "query", required: false, description: "Page size.", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
          ],
          responses: { "200": ok("One page of requests", requestPageResource), ...errors },
        },
      },
      "/requests/export": {
        get: {
          operationId: "exportRequests",
          summary: "Every request matching the filters, streamed as JSON Lines (one request summary per line) or CSV",
          parameters: [...searchParameters, { name: "format", in: "query", required: false, schema: { type: "string", enum: ["jsonl", "csv"], default: "jsonl" } }],
          responses: {
            "200": {
              description: "The export, streamed (content-disposition names a file)",
              content: { "application/x-ndjson": { schema: { type: "string" } }, "text/csv": { schema: { type: "string" } } },
            },
            ...errors,
          },
        },
      },
      "/requests/{id}": {
        get: {
          operationId: "getRequest",
          summary: "One request's decision record: routing, policy version, matched rules, findings, stored prompt and answer (for an MCP tool call: the call's record, arguments and result)",
          parameters: [{ name: "id", in: "path", required: true, description: "The request id (req_…).", schema: { type: "string" } }],
          responses: { "200": ok("The decision record", requestRecordResource), ...errors, ...notFound },
        },
      },
      "/models/{id}": {
        delete: { operationId: "unpublishModel", summary: "Unpublish a model", parameters: idParam, responses: { "200": ok("Unpublished", modelResource.pick({ id: true })), ...errors, ...notFound } },
      },
      ...mcpPaths,
    },
  };
}
