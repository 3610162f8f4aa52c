import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RoutingRecord } from "@/lib/routing/routing-record";

/** How the request was routed: the route, each attempt in order, what was skipped and why. */
export function RoutingAttempts({ routing }: { routing: RoutingRecord | null }) {
  if (!routing) return <p className="text-sm text-muted-foreground">The request ended before routing.</p>;
  return (
    <div className="grid gap-3 text-sm">
      <p>
        <span className="font-medium">{routing.route ? `Route ${routing.route}` : "Direct to the catalog model"}</span> ({routing.strategy}) for{" "}
        <span className="font-mono">{routing.model}</span>. {routing.reason}
      </p>
      {routing.attempts.length > 0 && (
        <Table aria-label="Routing attempts">
          <TableHeader>
            <TableRow>
              <TableHead>#</TableHead>
              <TableHead>Target</TableHead>
              <TableHead>Provider</TableHead>
              <TableHead>Upstream model</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="text-right">Latency</TableHead>
              <TableHead>Error</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {routing.attempts.map((attempt, index) => (
              <TableRow key={index}>
                <TableCell>{index + 1}{attempt.retry > 0 ? ` (retry ${attempt.retry})` : ""}</TableCell>
                <TableCell>{attempt.target}</TableCell>
                <TableCell>{attempt.provider}</TableCell>
                <TableCell className="font-mono text-xs">{attempt.upstreamModel}</TableCell>
                <TableCell>{attempt.status}</TableCell>
                <TableCell className="text-right tabular-nums">{attempt.latencyMs} ms</TableCell>
                <TableCell>{attempt.error ?? attempt.streamError ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {routing.skipped.length > 0 && (
        <ul className="list-disc pl-5 text-muted-foreground">
          {routing.skipped.map((skip, index) => (
            <li key={index}>
              Skipped {skip.target}: {skip.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
