import { flushAudit } from "@/lib/audit/audit-writer";
import { getDb } from "@/lib/db/client";
import { errorResponse, GatewayError, internalError } from "./gateway-error";
import type { Principal } from "./principal";

/** `req_` and base64url (request-id.ts), with room for ids written by earlier versions. */
const REQUEST_ID = /^req_[\w-]{1,64}$/;

/**
 * GET /v1/gateway/requests/{id}: the decision record of one of the caller's own requests. A key
 * sees only requests it made; any other id is "not found".
 */
export async function requestRecordHandler(requestId: string, authenticate: () => Promise<Principal>): Promise<Response> {
  const notFound = () => new GatewayError(404, `No request ${requestId} made with this key.`, "invalid_request_error", "request_not_found", "id");
  try {
    const principal = await authenticate();
    // Only a request id's shape is looked up: other text (a NUL byte, say) names no request, and PostgreSQL would refuse it.
    if (!REQUEST_ID.test(requestId)) throw notFound();
    const db = await getDb();
    const where = principal.type === "api_key" ? { requestId, orgId: principal.orgId, apiKeyId: principal.key.id } : { requestId, orgId: principal.orgId, userId: principal.userId };
    let record = await db.gatewayRequest.findFirst({ where });
    if (!record) {
      await flushAudit(); // it may still be in the buffer
      record = await db.gatewayRequest.findFirst({ where });
    }
    if (!record) throw notFound();
    const { promptText, responseText, ...rest } = record;
    return Response.json({
      object: "gateway.request",
      id: rest.requestId,
      created_at: rest.createdAt.toISOString(),
      endpoint: rest.endpoint,
      requested_model: rest.requestedModel,
      served_model: rest.servedModel,
      provider: rest.providerName,
      stream: rest.stream,
      status: rest.status,
      outcome: rest.outcome,
      error: rest.errorCode ? { code: rest.errorCode, message: rest.errorMessage } : null,
      decision: { action: rest.decision, policy_version: rest.policyVersion, matched_rules: rest.matchedRules },
      workload: rest.workload,
      routing: rest.routing,
      latency_ms: rest.latencyMs,
      ttft_ms: rest.ttftMs,
      usage: { prompt_tokens: rest.promptTokens, completion_tokens: rest.completionTokens, total_tokens: rest.totalTokens },
      prompt: promptText,
      response: responseText,
    });
  } catch (caught) {
    const error = caught instanceof GatewayError ? caught : internalError(requestId, caught);
    return errorResponse(error);
  }
}
