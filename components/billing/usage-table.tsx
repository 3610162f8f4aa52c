import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount, formatLimit } from "@/lib/billing/billing-format";
import { type UsageLine, WARN_AT } from "@/lib/billing/billing-usage";
import { cn } from "@/components/ui/cn";

/** Each limit of the plan, what is used of it, and a bar that turns amber near it and red at it. */
export function UsageTable({ usage }: { usage: UsageLine[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Limit</TableHead>
          <TableHead className="text-right">Used</TableHead>
          <TableHead className="text-right">Allowed</TableHead>
          <TableHead className="w-48">
            <span className="sr-only">Share used</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {usage.map((line) => {
          const share = line.limit ? Math.min(1, line.used / line.limit) : null;
          return (
            <TableRow key={line.key} data-testid={`usage-${line.key}`}>
              <TableCell>{line.label}</TableCell>
              <TableCell className="text-right tabular-nums" data-testid="usage-used">
                {formatCount(line.used)}
              </TableCell>
              <TableCell className="text-right tabular-nums" data-testid="usage-limit">
                {formatLimit(line.limit)}
              </TableCell>
              <TableCell>
                {share !== null && (
                  <div className="h-2 w-full rounded bg-muted" role="meter" aria-label={`${line.label}: ${Math.round(share * 100)}% used`} aria-valuenow={Math.round(share * 100)} aria-valuemin={0} aria-valuemax={100}>
                    <div className={cn("h-2 rounded", share >= 1 ? "bg-destructive" : share >= WARN_AT ? "bg-amber-500" : "bg-primary")} style={{ width: `${share * 100}%` }} />
                  </div>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
