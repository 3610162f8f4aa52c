import type { Finding, Inspector } from "@/lib/inspection/types";
import type { ChatMessage } from "@/lib/providers/types";
import type { RoutingRecord } from "@/lib/routing/routing-record";
import { type Decision, NO_DECISION } from "./decision";
import { newRequestId } from "./request-id";

/** Everything the pipeline learns about one request, which becomes its headers and audit row. */
export type RequestContext = {
  requestId: string;
  endpoint: "chat.completions" | "embeddings" | "models" | "inspect" | "mcp.tools/call";
  startedAt: number;
  orgId?: string;
  apiKeyId?: string;
  userId?: string;
  requestedModel?: string;
  servedModel?: string;
  providerId?: string;
  providerName?: string;
  stream: boolean;
  decision: Decision;
  /** Rate limit and quota headers (x-ratelimit-*, Retry-After) from the quota stage. */
  limitHeaders?: Record<string, string>;
  /** The client's `x-gateway-workload` label. */
  workload?: string;
  /** How the request was routed (lib/routing): route, attempts, and why the final target served. */
  routing?: RoutingRecord;
  /**
   * What input inspection saw: the messages as the client sent them, every finding (with the
   * index of its text segment) and those the policy masked. The audit row derives the stored
   * prompt and its findings from this (lib/gateway/stored-prompt.ts).
   */
  inspection?: { messages: ChatMessage[]; findings: (Finding & { segment: number })[]; redacted: readonly Finding[]; inspector: Inspector };
};

export function newRequestContext(endpoint: RequestContext["endpoint"]): RequestContext {
  return {
    requestId: newRequestId(),
    endpoint,
    startedAt: performance.now(),
    stream: false,
    decision: NO_DECISION,
  };
}

/** Printable ASCII without `%`: nearly every name, returned as it is. */
const HEADER_SAFE = /^[\x20-\x24\x26-\x7e]*$/;

/**
 * HTTP header values must be ASCII, but provider and model names are typed by admins: characters
 * outside printable ASCII are percent-encoded (UTF-8), as in a URL. The `gateway` body object and
 * the decision record carry the names as typed.
 */
export function headerSafe(value: string): string {
  return HEADER_SAFE.test(value) ? value : value.replace(/[^\x20-\x7e]|%/g, (char) => encodeURIComponent(char));
}

/**
 * The decision metadata every response carries, as headers: a plain object of lowercase names,
 * which the production server's adapter writes out as it is (a Headers object is walked and
 * copied on every response). `extra` (the content type, say) is added to the same object.
 */
export function metadataHeaders(ctx: RequestContext, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { "x-request-id": ctx.requestId };
  if (ctx.providerName) headers["x-gateway-provider"] = headerSafe(ctx.providerName);
  if (ctx.servedModel) headers["x-gateway-upstream-model"] = headerSafe(ctx.servedModel);
  headers["x-gateway-decision"] = ctx.decision.action;
  headers["x-gateway-policy-version"] = ctx.decision.policyVersion ?? "";
  headers["x-gateway-matched-rules"] = headerSafe(ctx.decision.matchedRules.join(","));
  if (ctx.decision.monitoredRules.length > 0) headers["x-gateway-monitored-rules"] = headerSafe(ctx.decision.monitoredRules.join(","));
  if (ctx.limitHeaders) Object.assign(headers, ctx.limitHeaders);
  if (ctx.routing?.route) headers["x-gateway-route"] = headerSafe(ctx.routing.route);
  if (ctx.routing) headers["x-gateway-attempts"] = String(ctx.routing.attempts.length);
  if (extra) Object.assign(headers, extra);
  return headers;
}

/** The same metadata as the `gateway` object of non-streamed JSON bodies. */
export function metadataObject(ctx: RequestContext) {
  return {
    request_id: ctx.requestId,
    provider: ctx.providerName ?? null,
    upstream_model: ctx.servedModel ?? null,
    decision: ctx.decision.action,
    policy_version: ctx.decision.policyVersion,
    matched_rules: ctx.decision.matchedRules,
    monitored_rules: ctx.decision.monitoredRules,
    workload: ctx.workload ?? null,
    routing: ctx.routing ?? null,
  };
}
