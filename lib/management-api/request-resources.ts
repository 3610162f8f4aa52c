import { z } from "zod";
import type { RequestRecordView } from "@/lib/audit/request-detail";
import { DECISIONS, KINDS, OUTCOMES, RANGES, SORTS } from "@/lib/audit/search/filters";
import type { RequestSummary } from "@/lib/audit/search/row";
import { MCP_CALL_ENDPOINT } from "@/lib/mcp/tool-call-record";
import { DIRECTIONS } from "@/lib/policy/policy-schema";

/** The audit trail as the management API returns it, validated on the way out like every resource. */
const nullableString = z.string().nullable();

export const requestSummaryResource = z.object({
  id: z.string().describe("The request id the caller saw in x-request-id."),
  created_at: z.string(),
  endpoint: z.string(),
  api_key: z.object({ id: z.string(), name: nullableString }).nullable(),
  user: z.object({ id: z.string(), email: nullableString }).nullable().describe("Set for playground requests."),
  requested_model: nullableString,
  served_model: nullableString,
  provider: z.object({ id: nullableString, name: nullableString }).nullable(),
  stream: z.boolean(),
  status: z.number().int(),
  outcome: z.enum(OUTCOMES),
  error_code: nullableString,
  decision: z.enum(DECISIONS),
  policy_version: nullableString,
  matched_rules: z.array(z.string()).describe("Policy rules that acted; monitor-mode rules as monitor:<id>."),
  latency_ms: z.number().int(),
  ttft_ms: z.number().int().nullable(),
  prompt_tokens: z.number().int().nullable(),
  completion_tokens: z.number().int().nullable(),
  total_tokens: z.number().int().nullable(),
  workload: nullableString,
  tool_name: nullableString.describe(`MCP tool calls (endpoint \`${MCP_CALL_ENDPOINT}\`): the tool as exposed, e.g. github__create_issue; null for model requests.`),
});

export const requestPageResource = z.object({
  object: z.literal("list"),
  data: z.array(requestSummaryResource),
  next_cursor: z.string().nullable().describe("Pass as `cursor` with the same filters for the next page; null on the last page."),
});

export const findingResource = z.object({
  rule_id: z.string(),
  category: z.string(),
  severity: z.string(),
  direction: z.enum(DIRECTIONS).describe("input/output for model requests; tool_arguments/tool_result for MCP tool calls."),
  message: z.number().int().nullable().describe("Input findings: the message index in `prompt`."),
  part: z.number().int().nullable().describe("Input findings: the content part (null: the message's string content; negative: tool call -1-n)."),
  start: z
    .number()
    .int()
    .describe("UTF-16 offset into that message text (input), into `response` (output, tool_result) or into `prompt` (tool_arguments), as stored."),
  end: z.number().int(),
});

export const toolCallResource = z.object({
  server_id: nullableString,
  server_name: nullableString,
  tool: nullableString.describe("The upstream tool name, without the server prefix."),
  definition_hash: nullableString.describe("sha256 of the tool definition the call was authorised against."),
  upstream_status: nullableString.describe("ok, tool_error, or why the upstream call failed; null when it was not called."),
  upstream_latency_ms: z.number().int().nullable(),
  argument_shape: z.unknown().describe("The arguments with every value replaced by its type: what was sent, never the values."),
  approval_id: nullableString.describe("For tools that require approval: the approval that let the call through, or the one it waits for."),
  approval_state: z.enum(["approved", "pending", "rejected"]).nullable(),
});

export const requestRecordResource = requestSummaryResource.extend({
  tool_call: toolCallResource.nullable().describe("MCP tool calls: the call's record (`prompt` holds its arguments and `response` its result); null for model requests."),
  error_message: nullableString,
  routing: z.unknown().nullable().describe("The route, every attempt (target, status, latency, error) and why the final target served."),
  findings: z.array(findingResource).describe("What inspection found; never the matched text."),
  prompt: nullableString.describe("JSON of the messages as stored under the org's prompt storage mode (none: null)."),
  response: nullableString,
});

export function toRequestPage(rows: RequestSummary[], nextCursor: string | null) {
  return requestPageResource.parse({ object: "list", data: rows, next_cursor: nextCursor });
}

export function toRequestRecordResource(record: RequestRecordView) {
  return requestRecordResource.parse({
    id: record.requestId,
    created_at: record.createdAt.toISOString(),
    endpoint: record.endpoint,
    api_key: record.apiKeyId ? { id: record.apiKeyId, name: record.apiKey?.name ?? null } : null,
    user: record.userId ? { id: record.userId, email: record.user?.email ?? null } : null,
    requested_model: record.requestedModel,
    served_model: record.servedModel,
    provider: record.providerId || record.providerName ? { id: record.providerId, name: record.providerName } : null,
    stream: record.stream,
    status: record.status,
    outcome: record.outcome,
    error_code: record.errorCode,
    error_message: record.errorMessage,
    decision: record.decision,
    policy_version: record.policyVersion,
    matched_rules: record.matchedRules,
    latency_ms: record.latencyMs,
    ttft_ms: record.ttftMs,
    prompt_tokens: record.promptTokens,
    completion_tokens: record.completionTokens,
    total_tokens: record.totalTokens,
    workload: record.workload,
    tool_name: record.toolName,
    tool_call: record.toolCall && {
      server_id: record.toolCall.serverId,
      server_name: record.toolCall.serverName,
      tool: record.toolCall.tool,
      definition_hash: record.toolCall.definitionHash,
      upstream_status: record.toolCall.upstreamStatus,
      upstream_latency_ms: record.toolCall.upstreamLatencyMs,
      argument_shape: record.toolCall.argumentShape,
      approval_id: record.toolCall.approvalId ?? null,
      approval_state: record.toolCall.approvalState ?? null,
    },
    routing: record.routing ?? null,
    findings: record.findings.map((f) => ({ rule_id: f.ruleId, category: f.category, severity: f.severity, direction: f.direction, message: f.message ?? null, part: f.part ?? null, start: f.start, end: f.end })),
    prompt: record.promptText,
    response: record.responseText,
  });
}

/** The search's query parameters, for the OpenAPI document. */
export const searchParameters = [
  ["from", "Start (inclusive): ISO 8601, or a date / date and time read as UTC.", { type: "string" }],
  ["to", "End (exclusive), as `from`.", { type: "string" }],
  ["range", "A window ending now, instead of `from`.", { type: "string", enum: Object.keys(RANGES) }],
  ["key", "API key id.", { type: "string" }],
  ["user", "User id (playground requests).", { type: "string" }],
  ["requested_model", "The model name the caller sent.", { type: "string" }],
  ["served_model", "The upstream model that served.", { type: "string" }],
  ["provider", "Provider id.", { type: "string" }],
  ["decision", "The policy's decision.", { type: "string", enum: [...DECISIONS] }],
  ["rule", "A policy rule id among the matched rules (monitor:<id> for monitor-mode rules).", { type: "string" }],
  ["status", "HTTP status (403) or class (4xx).", { type: "string" }],
  ["outcome", "How the request ended.", { type: "string", enum: [...OUTCOMES] }],
  ["latency_min", "Milliseconds, inclusive.", { type: "integer", minimum: 0 }],
  ["latency_max", "Milliseconds, inclusive.", { type: "integer", minimum: 0 }],
  ["tokens_min", "Total tokens, inclusive.", { type: "integer", minimum: 0 }],
  ["tokens_max", "Total tokens, inclusive.", { type: "integer", minimum: 0 }],
  ["request_id", "One request id.", { type: "string" }],
  ["q", "Full-text search over stored prompt text and tool-call arguments (web search syntax: words, \"phrases\", -excluded, or).", { type: "string", maxLength: 200 }],
  ["kind", "Model requests only (llm), or MCP tool calls only (tool: rows with a tool name).", { type: "string", enum: [...KINDS] }],
  ["tool", "An MCP tool's exposed name, exactly (github__create_issue).", { type: "string", maxLength: 200 }],
  ["sort", "Order of results.", { type: "string", enum: [...SORTS], default: "time_desc" }],
].map(([name, description, schema]) => ({ name, in: "query", required: false, description, schema }));
