import { recordRequest, type RequestRecord } from "@/lib/audit/audit-writer";
import type { PromptStorage } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RequestContext } from "./request-context";
import { storedPrompt, storedResponse } from "./stored-prompt";

export type Outcome = {
  status: number;
  outcome: "ok" | "error" | "incomplete" | "blocked";
  errorCode?: string | null;
  errorMessage?: string | null;
  ttftMs?: number | null;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
  responseText?: string | null;
};


/**
 * The columns every audit row takes from the request's context and outcome, whatever the
 * endpoint (model requests here, MCP tool calls in lib/mcp/tool-call-audit.ts).
 */
export function auditRowBase(ctx: RequestContext & { orgId: string }, result: Pick<Outcome, "status" | "outcome" | "errorCode" | "errorMessage">) {
  return {
    requestId: ctx.requestId,
    orgId: ctx.orgId,
    apiKeyId: ctx.apiKeyId ?? null,
    userId: ctx.userId ?? null,
    endpoint: ctx.endpoint,
    status: result.status,
    outcome: result.outcome,
    errorCode: result.errorCode ?? null,
    errorMessage: result.errorMessage?.slice(0, 500) ?? null,
    decision: ctx.decision.action,
    policyVersion: ctx.decision.policyVersion,
    // Monitor-mode rules are kept beside the acting ones, marked, so audits can see what would have happened.
    matchedRules: [...ctx.decision.matchedRules, ...ctx.decision.monitoredRules.map((id) => `monitor:${id}`)],
    latencyMs: Math.round(performance.now() - ctx.startedAt),
  } satisfies Partial<RequestRecord>;
}

/** Queues the request's audit row; requests without an org (bad key) are not org data. */
export async function recordOutcome(ctx: RequestContext, result: Outcome, promptStorage?: PromptStorage): Promise<void> {
  if (!ctx.orgId) return;
  // Prompt and answer text are kept only as the org allows (none, redacted, full): see stored-prompt.ts.
  const prompt = storedPrompt(promptStorage, ctx, result.outcome === "blocked");
  const response = storedResponse(promptStorage, result.responseText, ctx.inspection?.inspector);
  const findings = [...prompt.findings, ...response.findings];
  await recordRequest({
    ...auditRowBase({ ...ctx, orgId: ctx.orgId }, result),
    requestedModel: ctx.requestedModel ?? null,
    servedModel: ctx.servedModel ?? null,
    providerId: ctx.providerId ?? null,
    providerName: ctx.providerName ?? null,
    stream: ctx.stream,
    ttftMs: result.ttftMs ?? null,
    promptTokens: result.usage?.prompt_tokens ?? null,
    completionTokens: result.usage?.completion_tokens ?? null,
    totalTokens: result.usage?.total_tokens ?? null,
    promptText: prompt.text,
    responseText: response.text,
    findings: findings.length > 0 ? (findings as Prisma.InputJsonValue) : undefined,
    workload: ctx.workload ?? null,
    routing: ctx.routing ?? undefined, // complete by now: nothing routes this request after its outcome
  }).catch((error: Error) => console.error(`[audit] ${ctx.requestId} not recorded: ${error.message}`));
}
