import type { KeyRecord } from "@/lib/gateway/gateway-cache";
import type { McpSnapshot, ToolEntry } from "./mcp-snapshot";

/**
 * The one rule for who may use a tool: listing filters with it and calling checks it, so the two
 * can never disagree. A refusal says why, in words the caller can act on.
 */
export type ToolAuthorization =
  | { allowed: true; tool: ToolEntry }
  | { allowed: false; reason: "unknown" | "not_approved" | "held" | "removed" | "not_granted"; message: string; tool?: ToolEntry };

export function authorizeTool(snapshot: McpSnapshot, key: Pick<KeyRecord, "id" | "tags">, exposedName: string): ToolAuthorization {
  const tool = snapshot.tools.get(exposedName);
  if (!tool) {
    return { allowed: false, reason: "unknown", message: `Unknown tool ${exposedName}. Tools are named <server>__<tool>; list them with tools/list.` };
  }
  if (tool.removed) return { allowed: false, reason: "removed", tool, message: `Tool ${exposedName} is no longer offered by its server.` };
  if (tool.state === "changed" || (tool.state === "approved" && tool.approvedHash !== tool.definitionHash)) {
    return { allowed: false, reason: "held", tool, message: `Tool ${exposedName} changed its definition upstream and is held until an admin approves the new definition.` };
  }
  if (tool.state !== "approved" || !tool.approvedDefinition) {
    const why = tool.state === "denied" ? "was denied by an admin" : "has not been approved by an admin yet";
    return { allowed: false, reason: "not_approved", tool, message: `Tool ${exposedName} ${why}.` };
  }
  if (!isGranted(tool, key)) {
    return { allowed: false, reason: "not_granted", tool, message: `Tool ${exposedName} is not granted to this API key. An admin can grant it on the MCP tools page.` };
  }
  return { allowed: true, tool };
}

function isGranted(tool: ToolEntry, key: Pick<KeyRecord, "id" | "tags">): boolean {
  return tool.grantAllKeys || tool.grantedKeyIds.includes(key.id) || tool.grantedKeyTags.some((tag) => key.tags.includes(tag));
}

/** Exactly the tools `authorizeTool` allows for the key, by exposed name. */
export function grantedTools(snapshot: McpSnapshot, key: Pick<KeyRecord, "id" | "tags">): ToolEntry[] {
  const granted: ToolEntry[] = [];
  for (const name of [...snapshot.tools.keys()].sort()) {
    const verdict = authorizeTool(snapshot, key, name);
    if (verdict.allowed) granted.push(verdict.tool);
  }
  return granted;
}
