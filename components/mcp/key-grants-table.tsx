import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { KeyToolAccess } from "@/lib/mcp/key-tool-access";

/** For each key that can connect to /mcp, the tools it can call now, as its tools/list shows them. */
export function KeyGrantsTable({ access }: { access: KeyToolAccess[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Key</TableHead>
          <TableHead>Tags</TableHead>
          <TableHead>Tools it can call</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {access.map(({ key, tools }) => (
          <TableRow key={key.id} data-testid={`key-grants-${key.name}`} className="align-top">
            <TableCell className="align-top">
              <div className="font-medium">{key.name}</div>
              <div className="font-mono text-xs text-muted-foreground">{key.prefix}…</div>
            </TableCell>
            <TableCell className="align-top">
              <div className="flex max-w-48 flex-wrap gap-1">
                {key.tags.length ? key.tags.map((tag) => <Badge key={tag} variant="outline" className="font-mono">{tag}</Badge>) : <span className="text-xs text-muted-foreground">none</span>}
              </div>
            </TableCell>
            <TableCell className="align-top">
              {tools.length === 0 ? (
                <span className="text-xs text-muted-foreground">none</span>
              ) : (
                <ul className="grid gap-0.5 text-sm" aria-label={`Tools ${key.name} can call`}>
                  {tools.map((tool) => (
                    <li key={tool.exposedName}>
                      <span className="font-mono">{tool.exposedName}</span>
                      {tool.requiresCallApproval && <span className="text-xs text-muted-foreground"> · each call approved by an operator</span>}
                    </li>
                  ))}
                </ul>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
