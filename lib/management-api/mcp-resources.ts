import { z } from "zod";
import type { McpCallApprovalView } from "@/lib/mcp/call-approval-service";
import type { McpServerView } from "@/lib/mcp/server-service";
import type { McpToolView } from "@/lib/mcp/tool-service";
import type { SyncSummary } from "@/lib/mcp/tool-sync";
import { mcpCallDecisionSchema, mcpToolDecisionSchema } from "@/lib/schemas/mcp";
import { personResource } from "./resources";

/**
 * The management API's view of governed MCP tools: upstream servers (never their credentials,
 * only hints), their tools with the definition as listed and as approved, and held tool calls.
 */

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const MCP_TOOL_STATES = ["unreviewed", "approved", "denied", "changed"] as const;
/** A tool filter: a state (among tools still listed) or `removed` (tools the server stopped listing). */
export const MCP_TOOL_FILTERS = [...MCP_TOOL_STATES, "removed"] as const;

export const mcpServerResource = z.object({
  id: z.string(),
  name: z.string().describe("The namespace of its tools: `github` exposes `github__create_issue`."),
  url: z.string(),
  header_hints: z.array(z.string()).describe("Each stored header's name and its value's last four characters, e.g. `Authorization …a1b2`. Credentials are never returned."),
  last_synced_at: z.string().nullable(),
  last_sync_error: z.string().nullable().describe("Why the last listing of its tools failed; null after a good one."),
  tool_counts: z.object({
    unreviewed: z.number().int(),
    approved: z.number().int(),
    denied: z.number().int(),
    changed: z.number().int().describe("Approved, then changed upstream: held until approved again."),
    removed: z.number().int().describe("No longer listed by the server."),
  }),
  created_at: z.string(),
  updated_at: z.string(),
});

export const syncSummaryResource = z.object({
  added: z.array(z.string()).describe("New tools (upstream names); they start unreviewed."),
  changed: z.array(z.string()).describe("Tools whose definition changed."),
  held: z.array(z.string()).describe("Approved tools whose definition changed: state `changed` until approved again."),
  restored: z.array(z.string()).describe("Held tools back to their approved definition, so approved again."),
  removed: z.array(z.string()),
  total: z.number().int().describe("Tools the server lists now."),
});

export const createdMcpServerResource = mcpServerResource.extend({
  sync: syncSummaryResource.nullable().describe("The first listing of its tools; null when it failed."),
  sync_error: z.string().nullable().describe("Why the first listing failed. The server is kept; `POST /mcp/servers/{id}/sync` retries."),
});

export const approveAllResource = z.object({ approved: z.array(z.string()).describe("Exposed names of the tools approved now (unreviewed or held ones; denied tools stay denied).") });

export function toMcpServerResource(server: McpServerView) {
  return mcpServerResource.parse({
    id: server.id,
    name: server.name,
    url: server.url,
    header_hints: server.headerHints,
    last_synced_at: iso(server.lastSyncedAt),
    last_sync_error: server.lastSyncError,
    tool_counts: server.toolCounts,
    created_at: server.createdAt.toISOString(),
    updated_at: server.updatedAt.toISOString(),
  });
}

export const toSyncSummaryResource = (summary: SyncSummary) => syncSummaryResource.parse(summary);

const definitionResource = z.record(z.string(), z.unknown()).describe("Name, title, description, input and output schema and annotations, as the server listed them.");

const grantsResource = z.object({
  grant_all_keys: z.boolean().describe("Every key with the mcp scope may call it."),
  key_ids: z.array(z.string()),
  key_tags: z.array(z.string()).describe("Keys with any of these tags may call it."),
  requires_call_approval: z.boolean().describe("Each call waits for an operator in the review queue."),
});

export const mcpToolSummaryResource = z.object({
  id: z.string(),
  server: z.object({ id: z.string(), name: z.string() }),
  name: z.string().describe("The upstream name."),
  exposed_name: z.string().describe("The name clients call: `<server>__<tool>`."),
  description: z.string().nullable().describe("As listed now."),
  state: z.enum(MCP_TOOL_STATES).describe("Callable only while approved, with the approved definition, by a granted key."),
  definition_hash: z.string().describe("sha256 of the definition as listed now; send it as `seen_hash` when approving."),
  approved_hash: z.string().nullable(),
  removed_at: z.string().nullable().describe("When its server stopped listing it; a removed tool is never callable."),
  grants: grantsResource,
  decided_by: personResource.nullable(),
  decided_at: z.string().nullable(),
  note: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const mcpToolResource = mcpToolSummaryResource.extend({
  definition: definitionResource,
  approved_definition: definitionResource.nullable().describe("The definition an admin approved; compare it with `definition` when the state is `changed`."),
});

function summaryFields(tool: McpToolView) {
  const description = (tool.definition as { description?: unknown } | null)?.description;
  return {
    id: tool.id,
    server: { id: tool.serverId, name: tool.serverName },
    name: tool.name,
    exposed_name: tool.exposedName,
    description: typeof description === "string" ? description : null,
    state: tool.state,
    definition_hash: tool.definitionHash,
    approved_hash: tool.approvedHash,
    removed_at: iso(tool.removedAt),
    grants: { grant_all_keys: tool.grantAllKeys, key_ids: tool.grantedKeyIds, key_tags: tool.grantedKeyTags, requires_call_approval: tool.requiresCallApproval },
    decided_by: tool.decidedBy,
    decided_at: iso(tool.decidedAt),
    note: tool.decisionNote,
    created_at: tool.createdAt.toISOString(),
    updated_at: tool.updatedAt.toISOString(),
  };
}

export const toMcpToolSummaryResource = (tool: McpToolView) => mcpToolSummaryResource.parse(summaryFields(tool));

export const toMcpToolResource = (tool: McpToolView) =>
  mcpToolResource.parse({ ...summaryFields(tool), definition: tool.definition, approved_definition: tool.approvedDefinition });

export const mcpCallApprovalResource = z.object({
  id: z.string(),
  status: z.enum(["pending", "approved", "rejected", "used"]).describe("`used`: approved, then spent by the call it was for."),
  expired: z.boolean().describe("Past `expires_at`: a pending call can no longer be decided; the client calls again."),
  tool: z.object({ id: z.string(), exposed_name: z.string() }),
  api_key: z.object({ id: z.string(), name: z.string().nullable() }).describe("The key that made the call."),
  request_id: z.string().describe("The `x-request-id` of the call that asked."),
  arguments_preview: z.unknown().describe("The call's arguments as the org's prompt storage allows: full, redacted, or only their shape."),
  note: z.string().nullable(),
  decided_by: personResource.nullable(),
  decided_at: z.string().nullable(),
  expires_at: z.string(),
  used_at: z.string().nullable(),
  used_request_id: z.string().nullable(),
  created_at: z.string(),
});

export function toMcpCallApprovalResource(approval: McpCallApprovalView) {
  return mcpCallApprovalResource.parse({
    id: approval.id,
    status: approval.status,
    expired: approval.expired,
    tool: { id: approval.tool.id, exposed_name: approval.toolName },
    api_key: { id: approval.apiKeyId, name: approval.keyName },
    request_id: approval.requestId,
    arguments_preview: approval.argumentsPreview,
    note: approval.note,
    decided_by: approval.decidedBy,
    decided_at: iso(approval.decidedAt),
    expires_at: approval.expiresAt.toISOString(),
    used_at: iso(approval.usedAt),
    used_request_id: approval.usedRequestId,
    created_at: approval.createdAt.toISOString(),
  });
}

/** Request bodies, in the API's snake_case; each maps onto the dashboard's own schema in lib/schemas/mcp.ts. */
const headersBody = z.record(z.string(), z.string()).describe("Header name: value pairs sent upstream with every request. Encrypted at rest; never returned.");
const bearerTokenBody = z.string().describe("Sent as `Authorization: Bearer …`. Encrypted at rest; never returned.");

export const createMcpServerBody = z.object({
  name: z.string().describe("Lower-case letters, digits, - and single _; at most 32 characters. Prefixes its tools' names."),
  url: z.string().describe("The server's Streamable HTTP endpoint, e.g. https://mcp.example.com/mcp."),
  bearer_token: bearerTokenBody.optional(),
  headers: headersBody.optional(),
});

/** The name is fixed (clients call its tools by it); credentials left out are kept. */
export const updateMcpServerBody = z.object({
  url: z.string().optional(),
  bearer_token: bearerTokenBody.optional().describe("Replaces the stored credentials. Encrypted at rest; never returned."),
  headers: headersBody.optional().describe("Replaces the stored credentials (with bearer_token if given)."),
  clear_credentials: z.boolean().optional().describe("Removes the stored credentials."),
});

export const approveAllBody = z.object({ note: z.string().optional() });

export const mcpToolDecisionBody = mcpToolDecisionSchema.extend({
  seen_hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: "Send the tool's definition_hash as you read it (64 hex characters)." })
    .optional()
    .describe("The `definition_hash` you reviewed. If the definition changed since, the approval is refused (409)."),
});

/** A whole grant: lists left out are emptied; `requires_call_approval` left out stays as it is. */
export const mcpToolGrantBody = z.object({
  grant_all_keys: z.boolean().default(false),
  key_ids: z.array(z.string()).default([]).describe("Live keys of this org."),
  key_tags: z.array(z.string()).default([]).describe("e.g. team:data, env:prod"),
  requires_call_approval: z.boolean().optional(),
});

export const mcpCallDecisionBody = mcpCallDecisionSchema;
