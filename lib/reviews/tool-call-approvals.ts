import { personName } from "@/lib/catalog/catalog-view";
import type { Db } from "@/lib/db/client";
import { utcMinute } from "@/lib/format/time";
import { listMcpCallApprovals, type McpCallApprovalView } from "@/lib/mcp/call-approval-service";
import type { OrgContext } from "@/lib/orgs/org-access";

/** How many decided (or expired) calls the queue shows under the waiting ones. */
export const RECENT_TOOL_CALL_DECISIONS = 10;
/** Longer argument previews are cut for the queue; the held call's record keeps what was stored. */
const PREVIEW_LIMIT = 2_000;

export type ToolCallApprovalState = "pending" | "expired" | "approved" | "rejected" | "used";

export const TOOL_CALL_APPROVAL_STATE_LABELS: Record<ToolCallApprovalState, string> = {
  pending: "Waiting",
  expired: "Expired",
  approved: "Approved",
  rejected: "Rejected",
  used: "Approved and used",
};

/** What the queue's tool-call section gets: plain data, times formatted on the server. */
export type ToolCallApprovalItem = {
  id: string;
  toolName: string;
  serverName: string;
  key: string;
  /** The held call's x-request-id: its audit row's address on the Requests page. */
  requestId: string;
  createdAt: string;
  age: string;
  expiresAt: string;
  argumentsPreview: string;
  state: ToolCallApprovalState;
  decision: { by: string | null; at: string | null; note: string | null } | null;
};

/**
 * Calls to tools that require approval, for the review queue: those still waiting (and not yet
 * expired: the client gave up on those and has to call again) first, oldest first since the
 * caller is waiting; then the latest decided or expired ones, newest first.
 */
export async function toolCallApprovalsForQueue(db: Db, ctx: OrgContext, age: (date: Date) => string) {
  const [pending, decided] = await Promise.all([listMcpCallApprovals(db, ctx, { status: "pending" }), listMcpCallApprovals(db, ctx, { status: "decided" })]);
  const waiting = pending.filter((row) => !row.expired).reverse();
  const recent = [...decided, ...pending.filter((row) => row.expired)]
    .sort((a, b) => settledAt(b).getTime() - settledAt(a).getTime())
    .slice(0, RECENT_TOOL_CALL_DECISIONS);
  const item = (row: McpCallApprovalView) => toToolCallApprovalItem(row, age);
  return { waiting: waiting.map(item), recent: recent.map(item) };
}

const settledAt = (row: McpCallApprovalView) => row.decidedAt ?? row.expiresAt;

export function toToolCallApprovalItem(row: McpCallApprovalView, age: (date: Date) => string): ToolCallApprovalItem {
  const state: ToolCallApprovalState = row.status === "pending" ? (row.expired ? "expired" : "pending") : row.status;
  return {
    id: row.id,
    toolName: row.toolName,
    serverName: row.tool.server.name,
    key: row.keyName ?? "deleted key",
    requestId: row.requestId,
    createdAt: utcMinute(row.createdAt),
    age: age(row.createdAt),
    expiresAt: utcMinute(row.expiresAt),
    argumentsPreview: previewText(row.argumentsPreview),
    state,
    decision: row.decidedAt ? { by: row.decidedBy ? personName(row.decidedBy) : null, at: utcMinute(row.decidedAt), note: row.note } : null,
  };
}

function previewText(preview: unknown): string {
  const text = JSON.stringify(preview, null, 2) ?? "null";
  return text.length > PREVIEW_LIMIT ? `${text.slice(0, PREVIEW_LIMIT)}\n… (cut at ${PREVIEW_LIMIT} characters)` : text;
}
