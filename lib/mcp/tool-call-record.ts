/**
 * What an MCP tool call's audit row keeps beside the columns every gateway request has. The row
 * itself is a GatewayRequest with endpoint `mcp.tools/call` and `toolName` set to the exposed name
 * (`github__create_issue`), so calls are searched, reviewed and investigated next to LLM requests.
 * `promptText` holds the arguments and `responseText` the result as the org's prompt storage allows.
 */
export const MCP_CALL_ENDPOINT = "mcp.tools/call";

export type ToolCallRecord = {
  serverId: string | null;
  serverName: string | null;
  /** The upstream tool name (without the server prefix). */
  tool: string | null;
  /** sha256 of the definition the call was authorised against (the approved one). */
  definitionHash: string | null;
  /** What the upstream did: `ok`, `tool_error` (it answered isError), or why it failed; null when not called. */
  upstreamStatus: "ok" | "tool_error" | "unreachable" | "blocked" | "timeout" | "refused" | "protocol" | "cancelled" | "jsonrpc_error" | null;
  upstreamLatencyMs: number | null;
  /**
   * The arguments' shape with every value replaced by its type (strings by their length and any
   * detector findings): enough to review what was sent, never the values themselves.
   */
  argumentShape: unknown;
  /** For tools that require approval: the approval that let the call through, or the one it waits for. */
  approvalId?: string;
  approvalState?: "approved" | "pending" | "rejected";
};
