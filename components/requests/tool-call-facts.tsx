import Link from "next/link";
import type { ToolCallRecord } from "@/lib/mcp/tool-call-record";

const UPSTREAM_STATUS_LABELS: Record<NonNullable<ToolCallRecord["upstreamStatus"]>, string> = {
  ok: "ok",
  tool_error: "the tool reported an error",
  unreachable: "server unreachable",
  blocked: "blocked",
  timeout: "timed out",
  refused: "refused by the server",
  protocol: "protocol error",
  cancelled: "cancelled",
  jsonrpc_error: "JSON-RPC error",
};

/**
 * What an MCP tool call's audit row records beside the usual columns: which server and tool, the
 * definition it was authorised against, what the upstream did, the approval it needed, and the
 * shape of its arguments (types and lengths, never the values).
 */
export function ToolCallFacts({ toolName, record, reviewsHref }: { toolName: string; record: ToolCallRecord | null; reviewsHref: string }) {
  if (!record) return <p className="text-sm text-muted-foreground">The call of {toolName} has no tool record (it ended before the tool was resolved).</p>;
  const status = record.upstreamStatus === null ? "not called" : record.upstreamStatus === "ok" ? "ok" : `${record.upstreamStatus}: ${UPSTREAM_STATUS_LABELS[record.upstreamStatus]}`;
  const facts: [string, React.ReactNode][] = [
    ["Server", record.serverName ?? "—"],
    ["Tool", record.tool ? <span className="font-mono">{record.tool}</span> : "—"],
    ["Exposed as", <span className="font-mono">{toolName}</span>],
    ["Definition hash", record.definitionHash ? <span className="font-mono text-xs break-all">{record.definitionHash}</span> : "—"],
    ["Upstream status", status],
    ["Upstream latency", record.upstreamLatencyMs === null ? "—" : `${record.upstreamLatencyMs} ms`],
    [
      "Approval",
      record.approvalId ? (
        <>
          {record.approvalState ?? "unknown"} <span className="font-mono text-xs text-muted-foreground">({record.approvalId})</span>
          {record.approvalState === "pending" && (
            <>
              {" "}
              <Link className="underline" href={reviewsHref}>
                Decide in the review queue
              </Link>
            </>
          )}
        </>
      ) : (
        "not required"
      ),
    ],
  ];
  return (
    <div className="grid gap-4">
      <dl aria-label="Tool call facts" className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-muted-foreground">{label}</dt>
            <dd data-testid={`tool-call-${label.toLowerCase().replace(/ /g, "-")}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-1">
        <h3 className="text-sm font-medium">Argument shape</h3>
        <p className="text-xs text-muted-foreground">Each value replaced by its type (strings by their length and what detectors found in them).</p>
        {record.argumentShape === null ? (
          <p className="text-sm text-muted-foreground">Not recorded.</p>
        ) : (
          <pre aria-label="Argument shape" className="overflow-x-auto rounded-md border bg-muted/30 p-3 font-mono text-xs">
            {JSON.stringify(record.argumentShape, null, 2)}
          </pre>
        )}
      </div>
    </div>
  );
}
