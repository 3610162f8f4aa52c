import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TargetHealth } from "@/lib/routing/target-health";
import { BreakerBadge } from "./breaker-badge";
import { ago, duration, milliseconds, percent } from "./format";

const unmeasured = (target: TargetHealth) =>
  target.sampleCount === 0 && target.recentRequests === 0 && target.ttftEwmaMs === null && target.totalEwmaMs === null && target.lastError === null;

/** One row per target (catalog model on its provider) with what this instance has observed of it. */
export function TargetHealthTable({ targets, windowMs, now }: { targets: TargetHealth[]; windowMs: number; now: Date }) {
  if (targets.length === 0) return <p className="text-sm text-muted-foreground">The catalog is empty: publish a model to see its health here.</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Target</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead>Provider</TableHead>
          <TableHead>Upstream model</TableHead>
          <TableHead>Time to first token</TableHead>
          <TableHead>Total time</TableHead>
          <TableHead>Errors ({duration(windowMs)})</TableHead>
          <TableHead>Breaker</TableHead>
          <TableHead>Last error</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {targets.map((target) => (
          <TableRow key={`${target.target}:${target.providerId}`} data-testid={`health-${target.target}`} className="align-top">
            <TableCell className="align-top font-mono">{target.target}</TableCell>
            <TableCell className="align-top">
              <Badge variant="outline">{target.kind}</Badge>
            </TableCell>
            <TableCell className="align-top">{target.provider}</TableCell>
            <TableCell className="align-top font-mono text-xs">{target.upstreamModel}</TableCell>
            {unmeasured(target) ? (
              <TableCell colSpan={3} className="align-top text-muted-foreground">
                no traffic yet
              </TableCell>
            ) : (
              <>
                <TableCell className="align-top" title="Moving average over streamed answers">
                  {milliseconds(target.ttftEwmaMs)}
                </TableCell>
                <TableCell className="align-top">
                  <div>{milliseconds(target.totalEwmaMs)}</div>
                  <div className="text-xs text-muted-foreground">
                    {target.sampleCount} {target.sampleCount === 1 ? "sample" : "samples"}
                  </div>
                </TableCell>
                <TableCell className="align-top">
                  {target.errorRate === null ? (
                    <span className="text-muted-foreground">no recent requests</span>
                  ) : (
                    <>
                      <div>{percent(target.errorRate)}</div>
                      <div className="text-xs text-muted-foreground">
                        of {target.recentRequests} {target.recentRequests === 1 ? "request" : "requests"}
                      </div>
                    </>
                  )}
                </TableCell>
              </>
            )}
            <TableCell className="align-top">
              <BreakerBadge state={target.breaker} probeAt={target.breakerProbeAt} now={now} />
            </TableCell>
            <TableCell className="max-w-64 align-top text-xs">
              {target.lastError ? (
                <div className="grid gap-0.5">
                  <span className="font-mono">
                    {target.lastError.status > 0 ? target.lastError.status : "no answer"}
                    {target.lastError.code ? ` ${target.lastError.code}` : ""}
                  </span>
                  <span className="break-words">{target.lastError.message}</span>
                  <span className="text-muted-foreground" title={target.lastError.at.toLocaleString()}>
                    {ago(target.lastError.at, now)}
                  </span>
                </div>
              ) : (
                <span className="text-muted-foreground">none</span>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
