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


/** The columns that depend on what kind of call the row records (model request or MCP tool call). */
export type AuditColumns = {
  requestedModel?: string | null;
  servedModel?: string | null;
  providerId?: string | null;
  providerName?: string | null;
  stream?: boolean;
  ttftMs?: number | null;
  usage?: Outcome["usage"];
  promptText?: string | null;
  responseText?: string | null;
  findings?: Prisma.InputJsonValue;
  workload?: string | null;
  routing?: Prisma.InputJsonValue;
  toolName?: string | null;
  tool?: Prisma.InputJsonValue;
};

/**
 * An audit row: every column in one object literal, whatever the endpoint (model requests here,
 * MCP tool calls in lib/mcp/tool-call-audit.ts). One literal, not a spread of a base object plus
 * more members: on Node 20 every member added after a spread costs about a microsecond (a new
 * hidden class each time), which made this the costliest line of the request path. The row's time
 * is when its request ended, not when its batch is written.
 */
export function auditRow(ctx: RequestContext, orgId: string, result: Pick<Outcome, "status" | "outcome" | "errorCode" | "errorMessage">, columns: AuditColumns): RequestRecord {
  return {
    requestId: ctx.requestId,
    orgId,
    apiKeyId: ctx.apiKeyId ?? null,
    userId: ctx.userId ?? null,
    endpoint: ctx.endpoint,
    requestedModel: columns.requestedModel ?? null,
    servedModel: columns.servedModel ?? null,
    providerId: columns.providerId ?? null,
    providerName: columns.providerName ?? null,
    stream: columns.stream ?? false,
    status: result.status,
    outcome: result.outcome,
    errorCode: result.errorCode ?? null,
    errorMessage: result.errorMessage?.slice(0, 500) ?? null,
    decision: ctx.decision.action,
    policyVersion: ctx.decision.policyVersion,
    // Monitor-mode rules are kept beside the acting ones, marked, so audits can see what would have happened.
    matchedRules: ctx.decision.monitoredRules.length === 0 ? ctx.decision.matchedRules : [...ctx.decision.matchedRules, ...ctx.decision.monitoredRules.map((id) => `monitor:${id}`)],
    latencyMs: Math.round(performance.now() - ctx.startedAt),
    ttftMs: columns.ttftMs ?? null,
    promptTokens: columns.usage?.prompt_tokens ?? null,
    completionTokens: columns.usage?.completion_tokens ?? null,
    totalTokens: columns.usage?.total_tokens ?? null,
    promptText: columns.promptText ?? null,
    responseText: columns.responseText ?? null,
    findings: columns.findings,
    workload: columns.workload ?? null,
    routing: columns.routing,
    toolName: columns.toolName ?? null,
    tool: columns.tool,
    createdAt: new Date(),
  };
}

/** Queues the request's audit row; requests without an org (bad key) are not org data. */
export async function recordOutcome(ctx: RequestContext, result: Outcome, promptStorage?: PromptStorage): Promise<void> {
  if (!ctx.orgId) return;
  // Prompt and answer text are kept only as the org allows (none, redacted, full): see stored-prompt.ts.
  const prompt = storedPrompt(promptStorage, ctx, result.outcome === "blocked");
  const response = storedResponse(promptStorage, result.responseText, ctx.inspection?.inspector);
  const findings = prompt.findings.length + response.findings.length === 0 ? undefined : [...prompt.findings, ...response.findings];
  await recordRequest(
    auditRow(ctx, ctx.orgId, result, {
      requestedModel: ctx.requestedModel,
      servedModel: ctx.servedModel,
      providerId: ctx.providerId,
      providerName: ctx.providerName,
      stream: ctx.stream,
      ttftMs: result.ttftMs,
      usage: result.usage,
      promptText: prompt.text,
      responseText: response.text,
      findings: findings as Prisma.InputJsonValue | undefined,
      workload: ctx.workload,
      routing: ctx.routing as Prisma.InputJsonValue | undefined, // complete by now: nothing routes this request after its outcome
    }),
  ).catch((error: Error) => console.error(`[audit] ${ctx.requestId} not recorded: ${error.message}`));
}
