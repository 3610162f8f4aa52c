import {
  approveAllBody,
  approveAllResource,
  createdMcpServerResource,
  createMcpServerBody,
  MCP_TOOL_FILTERS,
  mcpCallApprovalResource,
  mcpCallDecisionBody,
  mcpServerResource,
  mcpToolDecisionBody,
  mcpToolGrantBody,
  mcpToolResource,
  mcpToolSummaryResource,
  syncSummaryResource,
  updateMcpServerBody,
} from "./mcp-resources";
import { conflict, decision, errors, idParam, json, notFound, ok } from "./openapi-parts";
import { errorResource, listOf } from "./resources";

const upstreamFailed = { "502": { description: "The MCP server could not be reached or listed malformed tools (kept as its last_sync_error)", content: json(errorResource) } };

/** The OpenAPI paths of the governed MCP routes (lib/management-api/mcp-routes.ts). */
export const mcpPaths = {
  "/mcp/servers": {
    get: { operationId: "listMcpServers", summary: "List the org's upstream MCP servers, by name", responses: { "200": ok("Servers", listOf(mcpServerResource)), ...errors } },
    post: {
      operationId: "createMcpServer",
      summary: "Register an upstream MCP server (Streamable HTTP) and list its tools at once; they start unreviewed",
      requestBody: { required: true, content: json(createMcpServerBody) },
      responses: { "201": ok("The server, with its first listing (or why it failed)", createdMcpServerResource), ...errors, ...conflict("A server of this name exists") },
    },
  },
  "/mcp/servers/{id}": {
    get: { operationId: "getMcpServer", summary: "One MCP server", parameters: idParam, responses: { "200": ok("The server", mcpServerResource), ...errors, ...notFound } },
    patch: {
      operationId: "updateMcpServer",
      summary: "Change a server's URL or credentials (credentials left out are kept)",
      parameters: idParam,
      requestBody: { required: true, content: json(updateMcpServerBody) },
      responses: { "200": ok("The server", mcpServerResource), ...errors, ...notFound },
    },
    delete: { operationId: "deleteMcpServer", summary: "Remove a server and its tools", parameters: idParam, responses: { "200": ok("Removed", mcpServerResource.pick({ id: true })), ...errors, ...notFound } },
  },
  "/mcp/servers/{id}/sync": {
    post: {
      operationId: "syncMcpServer",
      summary: "List the server's tools now: new ones arrive unreviewed, approved ones whose definition changed are held",
      parameters: idParam,
      responses: { "200": ok("What changed", syncSummaryResource), ...errors, ...notFound, ...upstreamFailed },
    },
  },
  "/mcp/servers/{id}/approve-all": {
    post: {
      operationId: "approveAllMcpTools",
      summary: "Approve every listed tool of the server that is unreviewed or held, as listed now; denied tools stay denied",
      parameters: idParam,
      requestBody: { required: true, content: json(approveAllBody) },
      responses: { "200": ok("The tools approved", approveAllResource), ...errors, ...notFound },
    },
  },
  "/mcp/tools": {
    get: {
      operationId: "listMcpTools",
      summary: "List tools, by server then name (definitions are in GET /mcp/tools/{id})",
      parameters: [
        { name: "server_id", in: "query", required: false, description: "One server's tools; an id not of this org is 404.", schema: { type: "string" } },
        { name: "state", in: "query", required: false, description: "Tools still listed in this state, or `removed` ones.", schema: { type: "string", enum: [...MCP_TOOL_FILTERS] } },
      ],
      responses: { "200": ok("Tools", listOf(mcpToolSummaryResource)), ...errors, ...notFound },
    },
  },
  "/mcp/tools/{id}": {
    get: { operationId: "getMcpTool", summary: "One tool, with its definition as listed now and as approved", parameters: idParam, responses: { "200": ok("The tool", mcpToolResource), ...errors, ...notFound } },
  },
  "/mcp/tools/{id}/decision": decision(
    "decideMcpTool",
    "Approve (the definition as listed now) or deny a tool",
    mcpToolDecisionBody,
    mcpToolResource,
    "The definition changed since seen_hash, or the server no longer lists the tool",
  ),
  "/mcp/tools/{id}/grants": {
    put: {
      operationId: "grantMcpTool",
      summary: "Set which keys may call a tool (every key with the mcp scope, or these keys and key tags) and whether each call waits for an operator",
      parameters: idParam,
      requestBody: { required: true, content: json(mcpToolGrantBody) },
      responses: { "200": ok("The tool", mcpToolResource), ...errors, ...notFound },
    },
  },
  "/mcp/call-approvals": {
    get: {
      operationId: "listMcpCallApprovals",
      summary: "Tool calls held for an operator's approval, newest first (at most 200)",
      parameters: [{ name: "status", in: "query", required: false, schema: { type: "string", enum: ["pending", "decided"] } }],
      responses: { "200": ok("Held calls", listOf(mcpCallApprovalResource)), ...errors },
    },
  },
  "/mcp/call-approvals/{id}": {
    get: { operationId: "getMcpCallApproval", summary: "One held tool call", parameters: idParam, responses: { "200": ok("The call", mcpCallApprovalResource), ...errors, ...notFound } },
  },
  "/mcp/call-approvals/{id}/decision": decision(
    "decideMcpCallApproval",
    "Approve (the same key may then make exactly this call once, until it expires) or reject a held tool call",
    mcpCallDecisionBody,
    mcpCallApprovalResource,
    "Already decided, or expired while pending",
  ),
};
