import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import {
  CancelledNotificationSchema,
  ErrorCode,
  InitializeRequestSchema,
  isJSONRPCRequest,
  ListToolsRequestSchema,
  McpError,
  PingRequestSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { GatewayError } from "@/lib/gateway/gateway-error";
import { authenticateApiKey, type Principal } from "@/lib/gateway/principal";
import { grantedTools } from "./authorize";
import { inFlightCalls } from "./in-flight-calls";
import { mcpSnapshot } from "./mcp-snapshot";
import { callGovernedTool } from "./tool-call";

/**
 * The gateway's MCP endpoint (Streamable HTTP, stateless): a new SDK server and transport per
 * request, bound to the calling API key, which must have the `mcp` scope. It offers exactly the
 * tools that key is granted (lib/mcp/authorize.ts decides both listing and calling) and runs
 * every call through lib/mcp/tool-call.ts. A web-standard function: Next's route handler and
 * the standalone server mount the same one.
 */
const SERVER_INFO = { name: "llm-gateway", version: "1.0.0" };
const MAX_BODY_BYTES = Number(process.env.MCP_MAX_BODY_BYTES ?? 4 * 1024 * 1024);
const NO_TOOLS_REASON =
  "No tools are granted to this API key. An admin approves tools of the org's MCP servers and grants them to keys or key tags on the MCP tools page.";

export async function handleMcpRequest(request: Request): Promise<Response> {
  if (request.method !== "POST") {
    // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
    return jsonRpcErrorResponse(405, -32000, "This MCP endpoint is stateless: send JSON-RPC messages with POST.", { allow: "POST" });
  }
  let principal: Principal & { type: "api_key" };
  try {
    principal = await authenticateApiKey(request, "mcp");
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const headers: Record<string, string> = error.status === 401 ? { "www-authenticate": 'Bearer realm="llm-gateway"' } : {};
    return jsonRpcErrorResponse(error.status, -32001, error.message, headers, { code: error.code });
  }

  const requestIds: string[] = [];
  const server = mcpServerFor(principal, request.signal, requestIds);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: MAX_BODY_BYTES });
  await server.connect(transport);
  refuseMalformedParams(transport);
  try {
    const response = await transport.handleRequest(request);
    if (requestIds.length === 0) return response;
    const headers = new Headers(response.headers);
    headers.set("x-request-id", requestIds.join(", "));
    return new Response(response.body, { status: response.status, headers });
  } finally {
    await server.close();
  }
}

function mcpServerFor(principal: Principal & { type: "api_key" }, connection: AbortSignal, requestIds: string[]): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: {} },
    instructions: "Tools of your organisation's approved MCP servers, named <server>__<tool>. Every call is inspected by policy and audited.",
  });
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const tools = grantedTools(await mcpSnapshot(principal.orgId), principal.key).map((tool) => ({ ...tool.approvedDefinition, name: tool.exposedName }) as Tool);
    return tools.length ? { tools } : { tools, _meta: { "gateway/reason": NO_TOOLS_REASON } };
  });
  // tools/call is served by the fallback handler rather than setRequestHandler: the SDK's Server
  // checks tools/call params against its own schema first and answers a malformed call (say,
  // arguments that are a string) with a raw schema dump as an internal error (-32603). Here a
  // call without a tool name is an invalid-params error in plain words, and arguments that are
  // not an object are refused by the governed call itself, with an audit row.
  server.fallbackRequestHandler = async (request, extra) => {
    if (request.method !== "tools/call") throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${request.method}`);
    const name = request.params?.name;
    if (typeof name !== "string" || name === "") throw new McpError(ErrorCode.InvalidParams, "tools/call needs params.name: the name of a tool from tools/list, as a string.");
    // The caller hanging up, or cancelling the request, cancels the upstream call too.
    const cancelled = inFlightCalls.register(principal.key.id, extra.requestId);
    const signal = AbortSignal.any([connection, extra.signal, cancelled.signal]);
    try {
      const { result, ctx } = await callGovernedTool(principal, name, request.params?.arguments, signal).catch((error: { data?: { requestId?: string } }) => {
        if (error.data?.requestId) requestIds.push(error.data.requestId);
        throw error;
      });
      requestIds.push(ctx.requestId);
      return result;
    } finally {
      cancelled.done();
    }
  };
  // Stateless: a cancellation arrives in a request of its own, so it is matched to the call in flight.
  server.setNotificationHandler(CancelledNotificationSchema, (notification) => {
    if (notification.params.requestId !== undefined) inFlightCalls.cancel(principal.key.id, notification.params.requestId, notification.params.reason);
  });
  return server;
}

/** The methods whose params the SDK checks against its own schemas before any handler runs. */
const PARAMS_SCHEMAS = new Map<string, typeof PingRequestSchema | typeof InitializeRequestSchema | typeof ListToolsRequestSchema>([
  ["initialize", InitializeRequestSchema],
  ["ping", PingRequestSchema],
  ["tools/list", ListToolsRequestSchema],
]);

/**
 * A request whose params do not fit its method (initialize without params, a cursor that is a
 * number) is answered -32602, invalid params, naming the field. Left to the SDK, its schema check
 * throws inside the dispatch, which answers -32603, an internal error, with the whole schema
 * error as the message: a fault of ours in JSON-RPC terms, for a fault of the caller's.
 */
function refuseMalformedParams(transport: WebStandardStreamableHTTPServerTransport) {
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const checked = isJSONRPCRequest(message) ? PARAMS_SCHEMAS.get(message.method)?.safeParse(message) : undefined;
    if (!isJSONRPCRequest(message) || checked?.success !== false) {
      deliver?.(message, extra);
      return;
    }
    const issue = checked.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    const error = { code: ErrorCode.InvalidParams, message: `Invalid params for ${message.method}: ${where}${issue?.message ?? "not the shape this method takes"}` };
    // Undeliverable only when a batch repeated this id and was already answered: the SDK reports that to onerror too.
    void transport.send({ jsonrpc: "2.0", id: message.id, error }).catch((failure: Error) => transport.onerror?.(failure));
  };
}

function jsonRpcErrorResponse(status: number, code: number, message: string, headers: Record<string, string> = {}, data?: Record<string, unknown>): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message, ...(data ? { data } : {}) }, id: null }, { status, headers });
}
