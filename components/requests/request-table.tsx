import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { DecisionBadge } from "./decision-badge";

export type RequestRowView = {
  requestId: string;
  time: string;
  caller: string;
  requestedModel: string | null;
  servedModel: string | null;
  provider: string | null;
  decision: string;
  rules: string[];
  status: number;
  outcome: string;
  latencyMs: number;
  totalTokens: number | null;
  /** MCP tool calls: the exposed tool name, shown where a model request shows its model. */
  toolName: string | null;
};

/** One page of search results; each request links to its decision record. */
export function RequestTable({ orgSlug, rows }: { orgSlug: string; rows: RequestRowView[] }) {
  return (
    <Table aria-label="Requests">
      <TableHeader>
        <TableRow>
          <TableHead>Time</TableHead>
          <TableHead>Request</TableHead>
          <TableHead>Key / user</TableHead>
          <TableHead>Model / tool</TableHead>
          <TableHead>Decision</TableHead>
          <TableHead>Rules</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="text-right">Latency</TableHead>
          <TableHead className="text-right">Tokens</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.requestId} data-testid={`request-${row.requestId}`}>
            <TableCell className="whitespace-nowrap">{row.time}</TableCell>
            <TableCell className="font-mono text-xs">
              <Link className="underline" href={`/${orgSlug}/requests/${encodeURIComponent(row.requestId)}`}>
                {row.requestId}
              </Link>
            </TableCell>
            <TableCell>{row.caller}</TableCell>
            <TableCell>
              {row.toolName !== null ? (
                <span className="inline-flex flex-wrap items-center gap-1.5">
                  <span className="font-mono text-xs">{row.toolName}</span>
                  <Badge variant="outline" data-testid="tool-badge">
                    tool
                  </Badge>
                </span>
              ) : (
                <>
                  {row.requestedModel ?? "—"}
                  {row.servedModel && row.servedModel !== row.requestedModel && <span className="text-muted-foreground"> → {row.servedModel}</span>}
                  {row.provider && <div className="text-xs text-muted-foreground">{row.provider}</div>}
                </>
              )}
            </TableCell>
            <TableCell>
              <DecisionBadge decision={row.decision} />
            </TableCell>
            <TableCell className="text-xs">{row.rules.length ? row.rules.join(", ") : "—"}</TableCell>
            <TableCell className="whitespace-nowrap">
              {row.status} <span className="text-muted-foreground">{row.outcome}</span>
            </TableCell>
            <TableCell className="text-right tabular-nums">{row.latencyMs} ms</TableCell>
            <TableCell className="text-right tabular-nums">{row.totalTokens ?? "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
