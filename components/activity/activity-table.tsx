import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type ActivityRow = { id: string; at: string; action: string; targetType: string; summary: string; actor: string; details: string | null };

/** The log, newest first; details (already free of secrets) fold out per row. */
export function ActivityTable({ rows }: { rows: ActivityRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-muted-foreground">No activity matches.</p>;
  return (
    <Table aria-label="Activity">
      <TableHeader>
        <TableRow>
          <TableHead>When</TableHead>
          <TableHead>Who</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>What</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id} data-testid="activity-row" data-action={row.action}>
            <TableCell className="whitespace-nowrap text-muted-foreground">{row.at}</TableCell>
            <TableCell>{row.actor}</TableCell>
            <TableCell>
              <Badge variant="secondary">{row.action}</Badge>
            </TableCell>
            <TableCell>
              {row.summary}
              {row.details && (
                <details className="mt-1 text-xs text-muted-foreground">
                  <summary className="cursor-pointer">Details</summary>
                  <pre className="mt-1 whitespace-pre-wrap break-all">{row.details}</pre>
                </details>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
