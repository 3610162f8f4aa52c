import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type CallToolResult, CallToolResultSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { getDb } from "@/lib/db/client";
import { orgSnapshot } from "@/lib/gateway/gateway-cache";
import { GatewayError } from "@/lib/gateway/gateway-error";
import { mergeDecisions } from "@/lib/gateway/policy-stage";
import { keyFacts, type Principal } from "@/lib/gateway/principal";
import { checkQuota, releaseQuota, settleQuota } from "@/lib/gateway/quota-stage";
import { newRequestContext, type RequestContext } from "@/lib/gateway/request-context";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PromptStorage } from "@/lib/generated/prisma/enums";
import { nestedDeeperThan } from "@/lib/http/json-depth";
import type { Reservation } from "@/lib/limits/reservation";
import { authorizeTool } from "./authorize";
import { checkCallApproval } from "./call-approval-service";
import { mcpSnapshot, type ToolEntry } from "./mcp-snapshot";
import { renderArguments, storedToolText } from "./stored-tool-call";
import { argumentShape, argumentsHash } from "./tool-arguments";
import { type ToolCallOutcome, type ToolCallTrace, recordToolCall } from "./tool-call-audit";
import { type GatewayMcpErrorCode, jsonRpcError, type JsonRpcError, ToolCallRefused } from "./tool-call-error";
import { MCP_CALL_ENDPOINT } from "./tool-call-record";
import { definitionHash, MalformedToolsError, toToolDefinitions } from "./tool-definition";
import { inspectArguments, inspectResult, type TextInspection } from "./tool-inspection";
import { applyListing } from "./tool-sync";
import { listRawTools, UPSTREAM_TIMEOUT_MS, UpstreamMcpError, withUpstream } from "./upstream-client";

/**
 * One governed tool call, the MCP twin of the chat pipeline: authorise (the same rule as
 * listing), limit, inspect the arguments (block / redact / flag), wait for an operator where the
 * tool requires it, re-check the definition upstream (a changed one is held, never called), call
 * with the org's stored credentials, inspect the result, and audit every outcome.
 */
export const MAX_ARGUMENT_BYTES = Number(process.env.MCP_MAX_ARGUMENT_BYTES ?? 256 * 1024);
export const MAX_RESULT_BYTES = Number(process.env.MCP_MAX_RESULT_BYTES ?? 1024 * 1024);
/** No tool takes arguments nested deeper; every walk of them here (inspection, shape, hash) recurses. */
const MAX_ARGUMENT_DEPTH = 64;
/** Re-list the server's tools before each call (0) or at most this often per server, in seconds. */
const RECHECK_SECONDS = Number(process.env.MCP_DEFINITION_RECHECK_SECONDS ?? 0);

type ApiKeyPrincipal = Principal & { type: "api_key" };

export type GovernedCall = { result: CallToolResult; ctx: RequestContext };

export async function callGovernedTool(principal: ApiKeyPrincipal, name: string, rawArgs: unknown, signal: AbortSignal): Promise<GovernedCall> {
  const ctx = newRequestContext(MCP_CALL_ENDPOINT);
  ctx.orgId = principal.orgId;
  ctx.apiKeyId = principal.key.id;
  const args = (rawArgs && typeof rawArgs === "object" && !Array.isArray(rawArgs) ? rawArgs : {}) as Record<string, unknown>;
  const trace: ToolCallTrace = {
    toolName: name,
    args,
    record: { serverId: null, serverName: null, tool: null, definitionHash: null, upstreamStatus: null, upstreamLatencyMs: null, argumentShape: null },
  };
  let promptStorage: PromptStorage = "none";
  let quota: Reservation | undefined;
  try {
    if (rawArgs !== undefined && args !== rawArgs) throw new ToolCallRefused("invalid_arguments", "Tool arguments must be a JSON object.");
    if (nestedDeeperThan(args, MAX_ARGUMENT_DEPTH)) {
      trace.args = {}; // the audit row's argument shape would overflow the stack walking them
      throw new ToolCallRefused("invalid_arguments", `Tool arguments may nest at most ${MAX_ARGUMENT_DEPTH} levels deep.`);
    }
    const [org, tools] = await Promise.all([orgSnapshot(principal.orgId), mcpSnapshot(principal.orgId)]);
    promptStorage = org.org.promptStorage;
    const verdict = authorizeTool(tools, principal.key, name);
    if (verdict.tool) describeTool(trace, verdict.tool);
    if (!verdict.allowed) throw new ToolCallRefused(REFUSAL_CODES[verdict.reason], verdict.message);
    const tool = verdict.tool;

    const size = Buffer.byteLength(JSON.stringify(args));
    if (size > MAX_ARGUMENT_BYTES) {
      throw new ToolCallRefused("arguments_too_large", `The arguments are ${size} bytes; this gateway accepts at most ${MAX_ARGUMENT_BYTES} bytes per tool call.`);
    }
    quota = await holdRequest(ctx, principal, org.org);

    const facts = keyFacts(principal);
    const inbound = inspectArguments(org.policy, args, facts);
    trace.argumentsInspection = inbound.inspection;
    ctx.decision = inbound.inspection.decision;
    if (ctx.decision.action === "block") throw policyRefusal(ctx, inbound.inspection, "The arguments were blocked");

    if (tool.requiresCallApproval) await requireApproval(ctx, trace, tool, promptStorage, inbound.inspection);

    const started = performance.now();
    const result = await withUpstream(tool.server, signal, async (client) => {
      await recheckDefinition(client, principal.orgId, tool, signal);
      return client.callTool({ name: tool.name, arguments: inbound.arguments }, CallToolResultSchema, { signal, timeout: UPSTREAM_TIMEOUT_MS }) as Promise<CallToolResult>;
    }).finally(() => {
      trace.record.upstreamLatencyMs = Math.round(performance.now() - started);
    });
    trace.record.upstreamStatus = result.isError ? "tool_error" : "ok";
    const resultSize = Buffer.byteLength(JSON.stringify(result));
    if (resultSize > MAX_RESULT_BYTES) {
      throw new ToolCallRefused("result_too_large", `The tool's result is ${resultSize} bytes; this gateway passes on at most ${MAX_RESULT_BYTES} bytes.`);
    }

    const outbound = inspectResult(org.policy, result, facts);
    trace.resultInspection = outbound.inspection;
    ctx.decision = mergeDecisions(ctx.decision, outbound.inspection.decision);
    if (outbound.inspection.decision.action === "block") throw policyRefusal(ctx, outbound.inspection, "The tool's result was withheld");

    settleQuota(quota, null);
    quota = undefined;
    const outcome: ToolCallOutcome = result.isError ? { status: 200, outcome: "error", errorCode: "tool_error", errorMessage: "The tool reported an error." } : { status: 200, outcome: "ok" };
    await recordToolCall(ctx, promptStorage, trace, outcome);
    return { result: withGatewayMeta(outbound.result, ctx), ctx };
  } catch (error) {
    const refusal = toRefusal(error, trace, signal);
    await recordToolCall(ctx, promptStorage, trace, {
      status: refusal.status,
      outcome: refusal.code === "policy_violation" || refusal.code === "approval_required" || refusal.code === "call_rejected" ? "blocked" : "error",
      errorCode: refusal.code,
      errorMessage: refusal.message,
    });
    throw refusal.toJsonRpcError(ctx.requestId);
  } finally {
    releaseQuota(quota);
  }
}

const REFUSAL_CODES: Record<"unknown" | "not_approved" | "held" | "removed" | "not_granted", GatewayMcpErrorCode> = {
  unknown: "unknown_tool",
  not_approved: "tool_not_approved",
  held: "tool_held",
  removed: "tool_removed",
  not_granted: "tool_not_granted",
};

function describeTool(trace: ToolCallTrace, tool: ToolEntry) {
  trace.record.serverId = tool.server.id;
  trace.record.serverName = tool.server.name;
  trace.record.tool = tool.name;
  trace.record.definitionHash = tool.approvedHash ?? tool.definitionHash;
}

/** Tool calls count against the key's requests per minute (they carry no tokens). */
async function holdRequest(ctx: RequestContext, principal: ApiKeyPrincipal, org: Parameters<typeof checkQuota>[2]): Promise<Reservation> {
  try {
    return await checkQuota(ctx, principal, org, { promptTokens: 0, maxCompletionTokens: 0 }, { monthlyQuotas: false });
  } catch (error) {
    if (error instanceof GatewayError && error.status === 429) throw new ToolCallRefused("rate_limited", error.message, { retryAfter: ctx.limitHeaders?.["retry-after"] });
    throw error;
  }
}

function policyRefusal(ctx: RequestContext, inspection: TextInspection, what: string): ToolCallRefused {
  const detectors = [...new Set(inspection.findings.map((finding) => finding.ruleId))];
  return new ToolCallRefused(
    "policy_violation",
    `${what} by policy version ${ctx.decision.policyVersion}: rule(s) ${ctx.decision.matchedRules.join(", ")} matched ${detectors.join(", ") || "this call"}.`,
    { rules: ctx.decision.matchedRules, detectors, policyVersion: ctx.decision.policyVersion },
  );
}

/** Spends an operator's approval for exactly this call, or leaves it waiting in the review queue. */
async function requireApproval(ctx: RequestContext, trace: ToolCallTrace, tool: ToolEntry, mode: PromptStorage, inspection: TextInspection) {
  const check = await checkCallApproval(await getDb(), {
    orgId: ctx.orgId!,
    toolId: tool.id,
    apiKeyId: ctx.apiKeyId!,
    argumentsHash: argumentsHash(trace.args),
    requestId: ctx.requestId,
    argumentsPreview: approvalPreview(trace.args, mode, inspection) as Prisma.InputJsonValue,
  });
  trace.record.approvalId = check.approvalId;
  trace.record.approvalState = check.state;
  if (check.state === "rejected") {
    throw new ToolCallRefused("call_rejected", `An operator rejected this call to ${tool.exposedName} (approval ${check.approvalId}).`, { approvalId: check.approvalId });
  }
  if (check.state === "pending") {
    throw new ToolCallRefused(
      "approval_required",
      `Calls to ${tool.exposedName} need an operator's approval. This call waits in the review queue (approval ${check.approvalId}); once it is approved, call again with the same arguments.`,
      { approvalId: check.approvalId },
    );
  }
}

/**
 * What the reviewer sees of the arguments: as the org's prompt storage allows (full, or every
 * finding masked), or only their shape when it keeps no text (or the text is too long to keep whole).
 */
function approvalPreview(args: Record<string, unknown>, mode: PromptStorage, inspection: TextInspection): unknown {
  if (mode === "none") return argumentShape(args);
  const stored = storedToolText(mode, inspection, false, renderArguments(args)).text;
  try {
    return JSON.parse(stored ?? "");
  } catch {
    return argumentShape(args);
  }
}

const lastChecked = new Map<string, number>();

/**
 * The definition the server lists now must be the one approved: a changed tool is held (for
 * every caller, on every instance) and this call refused, so a "rug pull" never runs.
 */
async function recheckDefinition(client: Client, orgId: string, tool: ToolEntry, signal: AbortSignal) {
  const now = Date.now();
  if (RECHECK_SECONDS > 0 && now - (lastChecked.get(tool.server.id) ?? 0) < RECHECK_SECONDS * 1000) return;
  const definitions = toToolDefinitions(await listRawTools(client, signal));
  const current = definitions.find((definition) => definition.name === tool.name);
  if (current && definitionHash(current) === tool.approvedHash) {
    lastChecked.set(tool.server.id, now);
    return;
  }
  await applyListing(await getDb(), { id: tool.server.id, orgId, name: tool.server.name }, definitions, null);
  if (!current) throw new ToolCallRefused("tool_removed", `Tool ${tool.exposedName} is no longer offered by its server.`);
  throw new ToolCallRefused("tool_held", `Tool ${tool.exposedName} changed its definition upstream and is now held until an admin approves the new definition.`);
}

function toRefusal(error: unknown, trace: ToolCallTrace, signal: AbortSignal): ToolCallRefused {
  if (error instanceof ToolCallRefused) return error;
  if (error instanceof MalformedToolsError) {
    trace.record.upstreamStatus = "protocol";
    return new ToolCallRefused("upstream_error", `MCP server ${trace.record.serverName}: ${error.message}`);
  }
  if (error instanceof UpstreamMcpError) {
    trace.record.upstreamStatus = error.failure;
    return new ToolCallRefused(error.failure === "timeout" ? "upstream_timeout" : "upstream_error", error.message, error.status ? { upstreamHttpStatus: error.status } : {});
  }
  if (error instanceof McpError) {
    trace.record.upstreamStatus = "jsonrpc_error";
    return new ToolCallRefused("upstream_error", `MCP server ${trace.record.serverName} answered: ${error.message.slice(0, 300)}`, { upstreamCode: error.code });
  }
  if (signal.aborted) return new ToolCallRefused("upstream_error", "The call was cancelled.");
  console.error(`[mcp] tool call failed: ${error instanceof Error ? error.message : String(error)}`);
  return new ToolCallRefused("internal_error", "The gateway could not complete this tool call; try again.");
}

/** The decision metadata a chat answer carries in headers, on the result's `_meta`. */
function withGatewayMeta(result: CallToolResult, ctx: RequestContext): CallToolResult {
  return {
    ...result,
    _meta: {
      ...(result._meta ?? {}),
      "gateway/request-id": ctx.requestId,
      "gateway/decision": ctx.decision.action,
      "gateway/policy-version": ctx.decision.policyVersion,
      "gateway/matched-rules": ctx.decision.matchedRules,
    },
  };
}

export type { JsonRpcError };
export { jsonRpcError };
