import { recordRequest } from "@/lib/audit/audit-writer";
import { auditRow } from "@/lib/gateway/audit-row";
import type { RequestContext } from "@/lib/gateway/request-context";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PromptStorage } from "@/lib/generated/prisma/enums";
import { renderArguments, renderResult, storedToolText } from "./stored-tool-call";
import { argumentShape } from "./tool-arguments";
import type { ToolCallRecord } from "./tool-call-record";
import type { TextInspection } from "./tool-inspection";

/** Everything a tool call learned on its way, which becomes its audit row. */
export type ToolCallTrace = {
  toolName: string;
  record: ToolCallRecord;
  args: Record<string, unknown>;
  argumentsInspection?: TextInspection;
  resultInspection?: TextInspection;
};

export type ToolCallOutcome = { status: number; outcome: "ok" | "error" | "blocked"; errorCode?: string; errorMessage?: string };

/** Queues the call's audit row (buffered like every gateway request; see lib/audit/audit-writer.ts). */
export async function recordToolCall(ctx: RequestContext, promptStorage: PromptStorage, trace: ToolCallTrace, result: ToolCallOutcome): Promise<void> {
  if (!ctx.orgId) return;
  const argumentsBlocked = trace.argumentsInspection?.decision.action === "block";
  const resultBlocked = trace.resultInspection?.decision.action === "block";
  const stored = storedToolText(promptStorage, trace.argumentsInspection, argumentsBlocked, renderArguments(trace.args));
  const answer = storedToolText(promptStorage, trace.resultInspection, resultBlocked, renderResult);
  const findings = [...stored.findings, ...answer.findings];
  const findingsByLeaf = new Map<number, string[]>();
  for (const finding of stored.findings) findingsByLeaf.set(finding.message!, [...(findingsByLeaf.get(finding.message!) ?? []), finding.ruleId]);
  const record: ToolCallRecord = { ...trace.record, argumentShape: argumentShape(trace.args, findingsByLeaf) };
  await recordRequest(
    auditRow(ctx, ctx.orgId, result, {
      promptText: stored.text,
      responseText: answer.text,
      findings: findings.length > 0 ? (findings as Prisma.InputJsonValue) : undefined,
      toolName: trace.toolName.slice(0, 300),
      tool: record as Prisma.InputJsonValue,
    }),
  ).catch((error: Error) => console.error(`[audit] ${ctx.requestId} not recorded: ${error.message}`));
}
