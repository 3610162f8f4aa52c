import { clientAbort } from "@/lib/http/client-connection";
import { abortAfter, childController } from "@/lib/http/deadline";
import type { Reservation } from "@/lib/limits/reservation";
import { estimateEmbeddingTokens } from "@/lib/limits/token-estimate";
import { routeEmbeddings } from "@/lib/routing/route-request";
import { workloadOf } from "@/lib/routing/route-selection";
import { recordOutcome } from "./audit-row";
import { orgSnapshot } from "./gateway-cache";
import { errorResponse, fromUpstream, JSON_CONTENT } from "./gateway-error";
import { asGatewayError, identify } from "./pipeline";
import { inspectAndDecide, policyViolation } from "./policy-stage";
import { keyFacts, type Principal } from "./principal";
import { checkQuota, releaseQuota, settleQuota } from "./quota-stage";
import { readJsonObject } from "./read-body";
import { metadataHeaders, metadataObject, newRequestContext } from "./request-context";
import { parseEmbeddingsRequest } from "./request-schemas";

/** Embeddings answer in one piece: two minutes is far more than any provider needs. */
const EMBEDDINGS_TIMEOUT_MS = 120_000;

/** POST /v1/embeddings: the same stages as chat, without streaming. */
export async function embeddingsPipeline(request: Request, authenticate: () => Promise<Principal>): Promise<Response> {
  const ctx = newRequestContext("embeddings");
  let quota: Reservation | undefined; // settled with real usage once the provider answers, else released
  try {
    const principal = await authenticate();
    identify(ctx, principal);
    const body = parseEmbeddingsRequest(await readJsonObject(request));
    ctx.requestedModel = body.model;
    ctx.workload = workloadOf(request.headers) ?? undefined;
    const snapshot = await orgSnapshot(principal.orgId);
    quota = await checkQuota(ctx, principal, snapshot.org, estimateEmbeddingTokens(body));
    // Embedding inputs are inspected like chat messages: each string is one user message.
    const texts = typeof body.input === "string" ? [body.input] : Array.isArray(body.input) && body.input.every((item) => typeof item === "string") ? (body.input as string[]) : [];
    const messages = texts.map((content) => ({ role: "user" as const, content }));
    const inspected = inspectAndDecide(snapshot.policy, messages, {
      direction: "input",
      model: body.model,
      ...keyFacts(principal),
    });
    ctx.decision = inspected.decision;
    ctx.inspection = { messages, findings: inspected.findings, redacted: inspected.redacted, inspector: snapshot.policy.inspector };
    if (ctx.decision.action === "block") throw policyViolation(ctx.decision, inspected.findings);
    if (ctx.decision.action === "redact") {
      const redacted = inspected.messages.map((message) => String(message.content));
      body.input = typeof body.input === "string" ? redacted[0]! : redacted;
    }
    // Route and call the provider (lib/routing), as for chat.
    const upstream = childController(clientAbort(request));
    const clearDeadline = abortAfter(upstream, EMBEDDINGS_TIMEOUT_MS);
    const signal = upstream.signal;
    const result = await routeEmbeddings({ ctx, snapshot, principal, body, signal }).finally(clearDeadline);
    if (result.type === "error") {
      settleQuota(quota, { total_tokens: 0 }); // the provider refused: it counts as a request, with no tokens
      throw fromUpstream(result.error);
    }
    settleQuota(quota, result.response.usage);
    await recordOutcome(ctx, { status: 200, outcome: "ok", usage: result.response.usage }, snapshot.org.promptStorage);
    return new Response(JSON.stringify(Object.assign({}, result.response, { gateway: metadataObject(ctx) })), { headers: metadataHeaders(ctx, JSON_CONTENT) });
  } catch (caught) {
    releaseQuota(quota);
    const error = asGatewayError(caught, request, ctx);
    await recordOutcome(ctx, { status: error.status, outcome: "error", errorCode: error.code, errorMessage: error.message });
    return errorResponse(error, metadataHeaders(ctx));
  }
}
