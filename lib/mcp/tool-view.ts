import { describeScope } from "@/lib/catalog/model-approval";
import { utcMinute } from "@/lib/format/time";
import { type DefinitionChange, diffToolDefinitions } from "./definition-diff";
import type { ToolDefinition } from "./tool-definition";
import type { McpToolView } from "./tool-service";

/**
 * What the MCP pages hand their components: plain, serialisable data with times formatted on
 * the server, built by pure functions from service results.
 */

/** A tool's state as shown: its review state, or "removed" once its server stops listing it. */
export type ToolStateName = "unreviewed" | "approved" | "denied" | "changed" | "removed";

export type ToolItem = {
  id: string;
  name: string;
  exposedName: string;
  title: string | null;
  description: string | null;
  state: ToolStateName;
  /** The definition shown for review: approving sends its hash back, so an unseen change is never approved. */
  definitionHash: string;
  definitionJson: string;
  /** Only what the server declares: MCP's own defaults would mark every unannotated tool destructive. */
  destructive: boolean;
  readOnly: boolean;
  requiresCallApproval: boolean;
  grant: { all: boolean; keyIds: string[]; keyTags: string[] };
  grantsText: string;
  decision: { verb: "Approved" | "Denied"; by: string; at: string; note: string | null } | null;
  /** For a held tool: what changed since the approved definition. */
  changes: DefinitionChange[] | null;
};

export function toolStateOf(tool: Pick<McpToolView, "state" | "removedAt">): ToolStateName {
  return tool.removedAt ? "removed" : tool.state;
}

/** "every key with the mcp scope", "no key", or the tags and keys (by name where the viewer may see them). */
export function describeGrant(grant: { grantAllKeys: boolean; grantedKeyIds: readonly string[]; grantedKeyTags: readonly string[] }, keyNames: ReadonlyMap<string, string>): string {
  if (grant.grantAllKeys) return "every key with the mcp scope";
  if (!grant.grantedKeyIds.length && !grant.grantedKeyTags.length) return "no key";
  return describeScope({ keyIds: grant.grantedKeyIds, keyTags: grant.grantedKeyTags }, keyNames);
}

export function toToolItem(tool: McpToolView, keyNames: ReadonlyMap<string, string>): ToolItem {
  const definition = tool.definition as ToolDefinition;
  const state = toolStateOf(tool);
  const approved = tool.approvedDefinition as ToolDefinition | null;
  return {
    id: tool.id,
    name: tool.name,
    exposedName: tool.exposedName,
    title: definition.title ?? null,
    description: definition.description ?? null,
    state,
    definitionHash: tool.definitionHash,
    definitionJson: JSON.stringify(definition, null, 2),
    destructive: definition.annotations?.destructiveHint === true,
    readOnly: definition.annotations?.readOnlyHint === true,
    requiresCallApproval: tool.requiresCallApproval,
    grant: { all: tool.grantAllKeys, keyIds: tool.grantedKeyIds, keyTags: tool.grantedKeyTags },
    grantsText: describeGrant(tool, keyNames),
    decision:
      tool.decidedAt && (tool.state === "approved" || tool.state === "denied" || tool.state === "changed")
        ? {
            verb: tool.state === "denied" ? "Denied" : "Approved",
            by: tool.decidedBy ? (tool.decidedBy.name ?? tool.decidedBy.email) : "a former member",
            at: utcMinute(tool.decidedAt),
            note: tool.decisionNote,
          }
        : null,
    changes: tool.state === "changed" && approved ? diffToolDefinitions(approved, definition) : null,
  };
}
