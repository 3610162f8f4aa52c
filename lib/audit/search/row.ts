/** One search result as the SQL of sql.ts returns it (pg and Prisma both give these JS types). */
export type SearchRow = {
  id: string;
  requestId: string;
  createdAt: Date;
  apiKeyId: string | null;
  apiKeyName: string | null;
  userId: string | null;
  userEmail: string | null;
  endpoint: string;
  requestedModel: string | null;
  servedModel: string | null;
  providerId: string | null;
  providerName: string | null;
  stream: boolean;
  status: number;
  outcome: string;
  errorCode: string | null;
  decision: string;
  policyVersion: string | null;
  matchedRules: string[];
  latencyMs: number;
  ttftMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  workload: string | null;
  /** Set on MCP tool calls only: the exposed tool name (`github__create_issue`). */
  toolName: string | null;
};

/** A row as the management API and JSON Lines export spell it (snake_case, ISO dates). */
export function toRequestSummary(row: SearchRow) {
  return {
    id: row.requestId,
    created_at: toDate(row.createdAt).toISOString(),
    endpoint: row.endpoint,
    api_key: row.apiKeyId ? { id: row.apiKeyId, name: row.apiKeyName } : null,
    user: row.userId ? { id: row.userId, email: row.userEmail } : null,
    requested_model: row.requestedModel,
    served_model: row.servedModel,
    provider: row.providerId || row.providerName ? { id: row.providerId, name: row.providerName } : null,
    stream: row.stream,
    status: row.status,
    outcome: row.outcome,
    error_code: row.errorCode,
    decision: row.decision,
    policy_version: row.policyVersion,
    matched_rules: row.matchedRules,
    latency_ms: row.latencyMs,
    ttft_ms: row.ttftMs,
    prompt_tokens: row.promptTokens,
    completion_tokens: row.completionTokens,
    total_tokens: row.totalTokens,
    workload: row.workload,
    tool_name: row.toolName,
  };
}

export type RequestSummary = ReturnType<typeof toRequestSummary>;

/** Raw queries may hand timestamps back as strings on some drivers; one place makes them dates. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(value) ? value : `${value.replace(" ", "T")}Z`);
}
