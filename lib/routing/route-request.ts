import type { OrgSnapshot } from "@/lib/gateway/gateway-cache";
import { textSegments } from "@/lib/gateway/message-text";
import type { Principal } from "@/lib/gateway/principal";
import type { RequestContext } from "@/lib/gateway/request-context";
import type { Abortable } from "@/lib/http/abort-source";
import { adapterFor } from "@/lib/providers/registry";
import type { ChatCompletionChunk, ChatRequest, ChatResult, EmbeddingsResult, UpstreamError } from "@/lib/providers/types";
import { UpstreamProtocolError } from "@/lib/providers/types";
import { type Attempt, type Execution, executePlan } from "./attempt-executor";
import { CommittedStream } from "./committed-stream";
import { planRoute, type RoutePlan } from "./route-plan";
import type { RequestFacts } from "./route-selection";
import { routingConfig } from "./routing-config";
import { explainOutcome } from "./routing-reason";

type Routed = { ctx: RequestContext; snapshot: OrgSnapshot; principal: Principal; signal: Abortable };

/**
 * The pipeline's "route -> call provider" stage for chat: picks the route and its targets, tries
 * them (retries, fallback, breakers), and returns the answer of the target that served, with
 * `ctx.routing` and the provider fields of `ctx` describing it. A stream is committed when its
 * first chunk arrives: a failure before it falls back like any failure; after it the stream is the
 * client's, and a break ends it with the usual error event (and is counted against the target).
 */
export async function routeChat(input: Routed & { body: ChatRequest }): Promise<ChatResult> {
  const { ctx, body, signal } = input;
  const promptChars = textSegments(body.messages).reduce((sum, segment) => sum + segment.text.length, 0);
  const plan = plan_(input, body.model, "chat", promptChars);
  const metric = ctx.stream ? "ttft" : "total";

  type Answer = { type: "json"; result: ChatResult & { type: "json" } } | { type: "stream"; iterator: AsyncIterator<ChatCompletionChunk>; first: IteratorResult<ChatCompletionChunk> };
  const attempt: Attempt<Answer> = async (entry, attemptSignal) => {
    const adapter = await adapterFor(entry.target.kind);
    let result: ChatResult;
    try {
      result = await adapter.chat({ target: entry.target, upstreamModel: entry.upstreamModel, body, signal: attemptSignal });
    } catch (error) {
      // An answer the adapter could not make sense of (not a completion, not a message…) is the provider's failure.
      if (error instanceof UpstreamProtocolError && !attemptSignal.aborted) return { type: "error", error: unreadableAnswer(error) };
      throw error;
    }
    if (result.type === "error") return result;
    if (result.type === "json") return { type: "ok", value: { type: "json", result } };
    const iterator = result.chunks[Symbol.asyncIterator]();
    try {
      return { type: "ok", value: { type: "stream", iterator, first: await iterator.next() } };
    } catch (error) {
      if (error instanceof UpstreamProtocolError && !attemptSignal.aborted) return { type: "error", error: streamBroke(error) };
      throw error;
    }
  };

  const execution = await executePlan(plan, { orgId: input.snapshot.org.id, signal, attempt, config: routingConfig(), random: Math.random, metric });
  settle(ctx, plan, execution);
  if (execution.type === "error") return { type: "error", error: execution.error };
  const answer = execution.value;
  if (answer.type === "json") return answer.result;

  const { iterator, first } = answer;
  const { state, attempt: served, startedAt } = execution;
  const outcome = {
    ended: () => state.recordLatency("total", performance.now() - startedAt),
    failed: (error: unknown) => {
      if (!(error instanceof UpstreamProtocolError)) return;
      served.streamError = error.message;
      state.recordFailure({ status: 502, code: "upstream_stream_error", message: error.message });
    },
  };
  return { type: "stream", chunks: new CommittedStream(iterator, first, outcome) };
}

/** The same stage for embeddings (no streams). */
export async function routeEmbeddings(input: Routed & { body: Record<string, unknown> & { model: string; input?: unknown } }): Promise<EmbeddingsResult> {
  const { ctx, body, signal } = input;
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const promptChars = inputs.reduce<number>((sum, item) => sum + (typeof item === "string" ? item.length : 0), 0);
  const plan = plan_(input, body.model, "embedding", promptChars);
  const attempt: Attempt<EmbeddingsResult & { type: "json" }> = async (entry, attemptSignal) => {
    const adapter = await adapterFor(entry.target.kind);
    if (!adapter.embeddings) {
      const message = `${entry.target.name} does not offer embeddings.`;
      return { type: "error", error: { status: 400, error: { message, type: "invalid_request_error", code: "embeddings_unsupported", param: "model" } } };
    }
    const result = await adapter.embeddings({ target: entry.target, upstreamModel: entry.upstreamModel, body, signal: attemptSignal });
    return result.type === "error" ? result : { type: "ok", value: result };
  };
  const execution = await executePlan(plan, { orgId: input.snapshot.org.id, signal, attempt, config: routingConfig(), random: Math.random, metric: "total" });
  settle(ctx, plan, execution);
  return execution.type === "error" ? { type: "error", error: execution.error } : execution.value;
}

function plan_(input: Routed, requested: string, kind: "chat" | "embedding", promptChars: number): RoutePlan {
  const { ctx, principal } = input;
  const facts: RequestFacts = {
    workload: ctx.workload ?? null,
    keyTags: principal.type === "api_key" ? (principal.key.tags ?? []) : [],
    promptChars,
  };
  const plan = planRoute({
    snapshot: input.snapshot,
    principal,
    requested,
    routeTo: ctx.decision.routeTo,
    policyRules: ctx.decision.matchedRules,
    kind,
    facts,
    stream: ctx.stream,
    random: Math.random,
  });
  ctx.routing = plan.record;
  if (plan.refusal) throw plan.refusal;
  return plan;
}

/** The final target becomes the request's provider and served model; the record gets its reason. */
function settle(ctx: RequestContext, plan: RoutePlan, execution: Execution<unknown>) {
  const entry = execution.entry;
  if (entry) {
    ctx.providerId = entry.target.id;
    ctx.providerName = entry.target.name;
    ctx.servedModel = entry.upstreamModel;
  }
  plan.record.reason = [...plan.why, explainOutcome(plan.record, execution.type === "ok" ? entry!.publicName : null, execution.type === "error" ? execution.error : null)].join(" ");
}

function unreadableAnswer(error: UpstreamProtocolError): UpstreamError {
  return { status: 502, error: { message: error.message, type: "upstream_error", code: "upstream_bad_response", param: null } };
}

function streamBroke(error: UpstreamProtocolError): UpstreamError {
  return { status: 502, error: { message: error.message, type: "upstream_error", code: "upstream_stream_error", param: null } };
}
