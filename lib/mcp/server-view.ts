import { utcMinute } from "@/lib/format/time";
import type { McpServerView } from "./server-service";
import type { SyncSummary } from "./tool-sync";

/** An MCP server as its pages show it: serialisable, times formatted on the server. */
export type ServerItem = {
  id: string;
  name: string;
  url: string;
  /** "Authorization …abcd": each stored header's name and the last characters of its value. */
  headerHints: string[];
  lastListedAt: string | null;
  lastError: string | null;
  toolCounts: McpServerView["toolCounts"];
};

export function toServerItem(server: Omit<McpServerView, "toolCounts"> & { toolCounts?: McpServerView["toolCounts"] }): ServerItem {
  return {
    id: server.id,
    name: server.name,
    url: server.url,
    headerHints: server.headerHints,
    lastListedAt: server.lastSyncedAt ? utcMinute(server.lastSyncedAt) : null,
    lastError: server.lastSyncError,
    toolCounts: server.toolCounts ?? { unreviewed: 0, approved: 0, denied: 0, changed: 0, removed: 0 },
  };
}

/** A listing's outcome in one sentence: "Listed 6 tools: 6 new." or "Listed 6 tools: nothing changed." */
export function describeSync(summary: SyncSummary): string {
  const unheld = summary.changed.filter((name) => !summary.held.includes(name) && !summary.restored.includes(name));
  const parts = [
    summary.added.length && `${summary.added.length} new (${some(summary.added)})`,
    summary.held.length && `${summary.held.length} held for a changed definition (${some(summary.held)})`,
    summary.restored.length && `${summary.restored.length} back to the approved definition (${some(summary.restored)})`,
    unheld.length && `${unheld.length} changed (${some(unheld)})`,
    summary.removed.length && `${summary.removed.length} no longer listed (${some(summary.removed)})`,
  ].filter(Boolean);
  return `Listed ${summary.total} tool${summary.total === 1 ? "" : "s"}: ${parts.length ? parts.join(", ") : "nothing changed"}.`;
}

/** A few names, so a server with a hundred tools still fits in a sentence. */
function some(names: string[], shown = 6): string {
  return names.length <= shown ? names.join(", ") : `${names.slice(0, shown).join(", ")} and ${names.length - shown} more`;
}
