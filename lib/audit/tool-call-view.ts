import { z } from "zod";
import type { ToolCallRecord } from "@/lib/mcp/tool-call-record";

const UPSTREAM_STATUSES = ["ok", "tool_error", "unreachable", "blocked", "timeout", "refused", "protocol", "cancelled", "jsonrpc_error"] as const satisfies readonly NonNullable<
  ToolCallRecord["upstreamStatus"]
>[];
const APPROVAL_STATES = ["approved", "pending", "rejected"] as const satisfies readonly NonNullable<ToolCallRecord["approvalState"]>[];

const text = z.string().nullable().catch(null);

/**
 * A stored record is read field by field: a field that is missing or malformed (a row written by
 * an older or newer gateway) is shown as unknown rather than hiding the whole record.
 */
const toolCallRecordSchema = z.object({
  serverId: text,
  serverName: text,
  tool: text,
  definitionHash: text,
  upstreamStatus: z.enum(UPSTREAM_STATUSES).nullable().catch(null),
  upstreamLatencyMs: z.number().int().nonnegative().nullable().catch(null),
  argumentShape: z.unknown().optional().transform((shape) => shape ?? null),
  approvalId: z.string().optional().catch(undefined),
  approvalState: z.enum(APPROVAL_STATES).optional().catch(undefined),
});

/** The `tool` column of an audit row as a ToolCallRecord, or null when the row is not a tool call. */
export function readToolCallRecord(value: unknown): ToolCallRecord | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const parsed = toolCallRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
