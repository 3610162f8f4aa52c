/**
 * The gateway's refusals of a tool call, as JSON-RPC errors in the MCP client's own protocol.
 * `data.code` is a stable machine-readable reason; `data.requestId` finds the audit row.
 * `status` is the HTTP-like status the audit row records (the transport itself answers 200).
 */
export const GATEWAY_MCP_ERRORS = {
  unknown_tool: { rpc: -32602, status: 404 },
  invalid_arguments: { rpc: -32602, status: 400 },
  tool_not_approved: { rpc: -32010, status: 403 },
  tool_held: { rpc: -32010, status: 403 },
  tool_removed: { rpc: -32010, status: 403 },
  tool_not_granted: { rpc: -32010, status: 403 },
  policy_violation: { rpc: -32011, status: 403 },
  call_rejected: { rpc: -32012, status: 403 },
  approval_required: { rpc: -32013, status: 202 },
  arguments_too_large: { rpc: -32014, status: 413 },
  result_too_large: { rpc: -32014, status: 502 },
  rate_limited: { rpc: -32029, status: 429 },
  upstream_error: { rpc: -32020, status: 502 },
  upstream_timeout: { rpc: -32020, status: 504 },
  internal_error: { rpc: -32603, status: 500 },
} as const;

export type GatewayMcpErrorCode = keyof typeof GATEWAY_MCP_ERRORS;

export class ToolCallRefused extends Error {
  constructor(
    readonly code: GatewayMcpErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ToolCallRefused";
  }

  get status(): number {
    return GATEWAY_MCP_ERRORS[this.code].status;
  }

  toJsonRpcError(requestId: string): JsonRpcError {
    return jsonRpcError(GATEWAY_MCP_ERRORS[this.code].rpc, this.message, { code: this.code, requestId, ...this.extra });
  }
}

/**
 * What the SDK's server sends as a JSON-RPC error: it reads `code`, `message` and `data` off
 * whatever a handler throws. (Its own McpError prefixes "MCP error <code>:" to the message, which
 * the client's McpError prefixes again; a plain error keeps the message as written.)
 */
export type JsonRpcError = Error & { code: number; data: Record<string, unknown> };

export function jsonRpcError(code: number, message: string, data: Record<string, unknown>): JsonRpcError {
  return Object.assign(new Error(message), { code, data });
}
