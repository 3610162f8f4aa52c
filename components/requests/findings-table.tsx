import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { StoredFinding } from "@/lib/gateway/stored-prompt";

function whereFound(finding: StoredFinding): string {
  switch (finding.direction) {
    case "input":
      return `prompt, message ${(finding.message ?? 0) + 1}`;
    case "output":
      return "answer";
    case "tool_arguments":
      return "tool arguments";
    case "tool_result":
      return "tool result";
  }
}

/** What inspection found: which detector, how severe, where; never the matched text. */
export function FindingsTable({ findings }: { findings: StoredFinding[] }) {
  if (findings.length === 0) return <p className="text-sm text-muted-foreground">Inspection found nothing.</p>;
  return (
    <Table aria-label="Findings">
      <TableHeader>
        <TableRow>
          <TableHead>Detector</TableHead>
          <TableHead>Category</TableHead>
          <TableHead>Severity</TableHead>
          <TableHead>Where</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {findings.map((finding, index) => (
          <TableRow key={index}>
            <TableCell className="font-mono text-xs">{finding.ruleId}</TableCell>
            <TableCell>{finding.category}</TableCell>
            <TableCell>{finding.severity}</TableCell>
            <TableCell className="text-xs text-muted-foreground">
              {whereFound(finding)}, characters {finding.start}–{finding.end}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
