import { clientAbort } from "@/lib/http/client-connection";
import { abortAfter, childController } from "@/lib/http/deadline";
import { estimateChatTokens } from "@/lib/limits/token-estimate";
import type { Reservation } from "@/lib/limits/reservation";
import { routeChat } from "@/lib/routing/route-request";
import { workloadOf } from "@/lib/routing/route-selection";
import { recordOutcome } from "./audit-row";
import { orgSnapshot } from "./gateway-cache";
import { errorResponse, fromUpstream, GatewayError, internalError, JSON_CONTENT } from "./gateway-error";
import { keyFacts, type Principal } from "./principal";
import { readJsonObject } from "./read-body";
import { metadataHeaders, metadataObject, newRequestContext, type RequestContext } from "./request-context";
import { inspectStream } from "./output-stream";
import { inspectAndDecide, inspectCompletion, mergeDecisions, outputWithheld, policyViolation } from "./policy-stage";
import { checkQuota, releaseQuota, settleQuota } from "./quota-stage";
import { parseChatRequest } from "./request-schemas";
import { storesAnswerText } from "./stored-prompt";
import { sseStream } from "./stream-response";

const UPSTREAM_TIMEOUT_MS = Number(process.env.UPSTREAM_TIMEOUT_MS ?? 600_000);

const EVENT_STREAM = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" };

/**
 * POST /v1/chat/completions, top to bottom:
 * authenticate -> check quota -> read and validate -> inspect input and decide -> route ->
 * call provider -> inspect output -> respond with decision metadata -> record (off the hot path).
 * `authenticate` is the caller's: an API key for /v1, the signed-in user for the playground.
 */
export async function chatCompletionsPipeline(request: Request, authenticate: () => Promise<Principal>): Promise<Response> {
  const ctx = newRequestContext("chat.completions");
  let promptStorage: Awaited<ReturnType<typeof orgSnapshot>>["org"]["promptStorage"] | undefined;
  let quota: Reservation | undefined; // settled with real usage once the provider answers, else released
  let clearDeadline = () => {}; // the upstream deadline, cleared once the answer (or its stream) ends
  try {
    const principal = await authenticate();
    identify(ctx, principal);
    const body = parseChatRequest(await readJsonObject(request));
    ctx.requestedModel = body.model;
    ctx.stream = body.stream === true;
    ctx.workload = workloadOf(request.headers) ?? undefined;

    const snapshot = await orgSnapshot(principal.orgId);
    promptStorage = snapshot.org.promptStorage;
    quota = await checkQuota(ctx, principal, snapshot.org, estimateChatTokens(body));
    const facts = { model: body.model, ...keyFacts(principal) };
    const inspected = inspectAndDecide(snapshot.policy, body.messages, { direction: "input", ...facts });
    ctx.decision = inspected.decision;
    ctx.inspection = { messages: body.messages, findings: inspected.findings, redacted: inspected.redacted, inspector: snapshot.policy.inspector };
    if (ctx.decision.action === "block") {
      releaseQuota(quota);
      const error = policyViolation(ctx.decision, inspected.findings);
      await recordOutcome(ctx, { status: 403, outcome: "blocked", errorCode: error.code, errorMessage: error.message }, promptStorage);
      return errorResponse(error, metadataHeaders(ctx));
    }
    body.messages = inspected.messages; // redacted where the policy says so; as sent otherwise

    // Route and call the provider (lib/routing): the route and its targets, retries, fallback and
    // breakers; sets ctx.routing and the provider of the target that served.
    const upstream = childController(clientAbort(request));
    clearDeadline = abortAfter(upstream, UPSTREAM_TIMEOUT_MS);
    const signal = upstream.signal;
    const result = await routeChat({ ctx, snapshot, principal, body, signal });
    if (result.type !== "stream") clearDeadline();

    if (result.type === "error") {
      settleQuota(quota, { total_tokens: 0 }); // the provider refused: it counts as a request, with no tokens
      const error = fromUpstream(result.error);
      await recordOutcome(ctx, { status: error.status, outcome: "error", errorCode: error.code, errorMessage: error.message }, promptStorage);
      return errorResponse(error, metadataHeaders(ctx));
    }

    if (result.type === "json") {
      const output = inspectCompletion(snapshot.policy, result.completion.choices, facts);
      settleQuota(quota, result.completion.usage, () => JSON.stringify(result.completion.choices));
      ctx.decision = mergeDecisions(ctx.decision, output.decision);
      if (output.decision.action === "block") {
        const error = outputWithheld(ctx.decision);
        await recordOutcome(ctx, { status: 403, outcome: "blocked", errorCode: error.code, errorMessage: error.message, usage: result.completion.usage }, promptStorage);
        return errorResponse(error, metadataHeaders(ctx));
      }
      const message = (output.choices[0] as { message?: { content?: unknown } } | undefined)?.message;
      await recordOutcome(
        ctx,
        {
          status: 200,
          outcome: "ok",
          usage: result.completion.usage,
          responseText: typeof message?.content === "string" ? message.content : JSON.stringify(message ?? null),
        },
        promptStorage,
      );
      // The answer as it came, with the inspected choices and our metadata. Object.assign, not a spread
      // followed by members: on Node 20 every member after a spread costs about a microsecond.
      const answer = Object.assign({}, result.completion, { choices: output.choices, gateway: metadataObject(ctx) });
      return new Response(JSON.stringify(answer), { status: 200, headers: metadataHeaders(ctx, JSON_CONTENT) });
    }

    const inspection = inspectStream(snapshot.policy, facts, (decision) => {
      ctx.decision = mergeDecisions(ctx.decision, {
        action: decision.action,
        policyVersion: ctx.decision.policyVersion,
        matchedRules: decision.matchedRules,
        monitoredRules: decision.monitoredRules,
        findingCount: decision.redact.length,
      });
    });
    const stream = sseStream(result.chunks, {
      startedAt: ctx.startedAt,
      inspection,
      keepText: storesAnswerText(promptStorage),
      clientSignal: clientAbort(request),
      abortUpstream: () => upstream.abort(),
      onFinish: (summary) => {
        clearDeadline();
        settleQuota(quota, summary.usage, summary.textLength);
        return recordOutcome(
          ctx,
          {
            status: 200,
            outcome: summary.completed ? "ok" : summary.error?.code === "policy_violation" ? "blocked" : "incomplete",
            errorCode: summary.error?.code,
            errorMessage: summary.error?.message,
            ttftMs: summary.ttftMs,
            usage: summary.usage,
            responseText: summary.text,
          },
          promptStorage,
        );
      },
    });
    return new Response(stream, { status: 200, headers: metadataHeaders(ctx, EVENT_STREAM) });
  } catch (caught) {
    clearDeadline();
    releaseQuota(quota);
    const error = asGatewayError(caught, request, ctx);
    await recordOutcome(ctx, { status: error.status, outcome: "error", errorCode: error.code, errorMessage: error.message }, promptStorage);
    return errorResponse(error, metadataHeaders(ctx));
  }
}

/** Known errors as they are; a client that went away is not our failure; anything else is. */
export function asGatewayError(caught: unknown, request: Request, ctx: RequestContext): GatewayError {
  if (caught instanceof GatewayError) return caught;
  if (clientAbort(request).aborted) return new GatewayError(499, "The client closed the request.", "invalid_request_error", "client_disconnected");
  return internalError(ctx.requestId, caught);
}

export function identify(ctx: RequestContext, principal: Principal) {
  ctx.orgId = principal.orgId;
  if (principal.type === "api_key") ctx.apiKeyId = principal.key.id;
  else ctx.userId = principal.userId;
}
