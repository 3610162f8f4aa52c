import { Fragment } from "react";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ToolItem } from "@/lib/mcp/tool-view";
import type { FormAction } from "@/lib/schemas/form";
import { DefinitionDiff } from "./definition-diff";
import { ToolDecisionForm } from "./tool-decision-form";
import { type GrantOptions, ToolGrantForm } from "./tool-grant-form";
import { ToolStateBadge } from "./tool-state-badge";

const COLUMNS = 6;

/**
 * A server's tools, one row each, with a full-width row under it to review the definition (and,
 * for a held tool, what changed: open from the start) and, for admins, decide and edit grants.
 */
export function ToolTable({
  orgSlug,
  tools,
  write,
}: {
  orgSlug: string;
  tools: ToolItem[];
  /** Given to those with mcp:write: the actions and the keys they may grant to. */
  write?: { decide: FormAction; grant: FormAction; options: GrantOptions };
}) {
  if (tools.length === 0) return <p className="text-sm text-muted-foreground">No tools listed yet. List the server&apos;s tools to see them here.</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Tool</TableHead>
          <TableHead>Description</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Granted to</TableHead>
          <TableHead>Each call approved</TableHead>
          <TableHead>Hints</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {tools.map((tool) => (
          <Fragment key={tool.id}>
            <TableRow data-testid={`mcp-tool-${tool.name}`} className="border-b-0 align-top">
              <TableCell className="align-top">
                <div className="font-mono font-medium">{tool.exposedName}</div>
                {tool.title && <div className="text-xs text-muted-foreground">{tool.title}</div>}
              </TableCell>
              <TableCell className="max-w-80 align-top text-xs whitespace-normal">{tool.description ?? <span className="text-muted-foreground">none</span>}</TableCell>
              <TableCell className="align-top">
                <ToolStateBadge state={tool.state} />
                {tool.decision && (
                  <p className="mt-1 max-w-48 text-xs whitespace-normal text-muted-foreground">
                    {tool.decision.verb} by {tool.decision.by} on {tool.decision.at}
                    {tool.decision.note ? <>: &ldquo;{tool.decision.note}&rdquo;</> : "."}
                  </p>
                )}
              </TableCell>
              <TableCell className="max-w-56 align-top text-xs whitespace-normal" data-testid="tool-grants">
                {tool.grantsText}
              </TableCell>
              <TableCell className="align-top text-xs">{tool.requiresCallApproval ? "Yes" : "No"}</TableCell>
              <TableCell className="align-top">
                {tool.destructive && <Badge variant="destructive">Destructive</Badge>}
                {tool.readOnly && <Badge variant="outline">Read-only</Badge>}
              </TableCell>
            </TableRow>
            <TableRow data-testid={`mcp-tool-${tool.name}-details`}>
              <TableCell colSpan={COLUMNS} className="pt-0 pb-3">
                <ToolDetails orgSlug={orgSlug} tool={tool} write={write} />
              </TableCell>
            </TableRow>
          </Fragment>
        ))}
      </TableBody>
    </Table>
  );
}

function ToolDetails({ orgSlug, tool, write }: { orgSlug: string; tool: ToolItem; write?: { decide: FormAction; grant: FormAction; options: GrantOptions } }) {
  const held = tool.state === "changed";
  return (
    <div className="flex flex-wrap gap-2">
      <details className="min-w-0 flex-1 basis-96 rounded-md border px-3 py-2" open={held}>
        <summary className="cursor-pointer text-sm font-medium">{held ? `Review the changed definition of ${tool.name}` : write && tool.state !== "removed" ? `Review ${tool.name}` : `Definition of ${tool.name}`}</summary>
        <div className="mt-3 grid gap-4">
          {held && tool.changes && <DefinitionDiff changes={tool.changes} />}
          <div className="grid gap-1">
            <h4 className="text-sm font-medium">{held ? "New definition, as listed now" : "Definition, as listed now"}</h4>
            <pre className="max-h-72 overflow-auto rounded border bg-muted/40 p-2 font-mono text-xs">{tool.definitionJson}</pre>
          </div>
          {tool.state === "removed" && <p className="text-sm text-muted-foreground">Its server no longer lists it, so it cannot be approved or called.</p>}
          {write && tool.state !== "removed" && <ToolDecisionForm action={write.decide} orgSlug={orgSlug} tool={tool} />}
        </div>
      </details>
      {write && (
        <details className="min-w-0 flex-1 basis-80 rounded-md border px-3 py-2">
          <summary className="cursor-pointer text-sm font-medium">Grants of {tool.name}</summary>
          <div className="mt-3">
            <ToolGrantForm action={write.grant} orgSlug={orgSlug} tool={tool} options={write.options} />
          </div>
        </details>
      )}
    </div>
  );
}
