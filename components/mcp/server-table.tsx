"use client";

import Link from "next/link";
import { ActionForm } from "@/components/forms/action-form";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ServerItem } from "@/lib/mcp/server-view";
import type { FormAction } from "@/lib/schemas/form";
import { ToolCounts } from "./tool-counts";

/** The org's MCP servers: where they are, which credentials they hold (hints only), their tools and last listing. */
export function ServerTable({ orgSlug, servers, canWrite, removeAction }: { orgSlug: string; servers: ServerItem[]; canWrite: boolean; removeAction: FormAction }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Servers ({servers.length})</CardTitle>
      </CardHeader>
      <CardContent>
        {servers.length === 0 ? (
          <p className="text-sm text-muted-foreground">No MCP servers yet.{canWrite ? " Register one above to list its tools." : ""}</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>URL</TableHead>
                <TableHead>Credentials</TableHead>
                <TableHead>Tools</TableHead>
                <TableHead>Last listed</TableHead>
                {canWrite && <TableHead className="text-right">Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {servers.map((server) => (
                <TableRow key={server.id} data-testid={`mcp-server-${server.name}`} className="align-top">
                  <TableCell className="font-mono font-medium">
                    <Link className="underline" href={`/${orgSlug}/mcp/${server.id}`}>
                      {server.name}
                    </Link>
                  </TableCell>
                  <TableCell className="max-w-64 truncate font-mono text-xs" title={server.url}>
                    {server.url}
                  </TableCell>
                  <TableCell className="font-mono text-xs">
                    {server.headerHints.length ? server.headerHints.map((hint) => <div key={hint}>{hint}</div>) : <span className="text-muted-foreground">none</span>}
                  </TableCell>
                  <TableCell>
                    <ToolCounts counts={server.toolCounts} />
                  </TableCell>
                  <TableCell className="max-w-72 text-xs whitespace-normal">
                    {server.lastListedAt ?? "never"}
                    {server.lastError && (
                      <p className="mt-1 text-destructive" data-testid="last-error">
                        Last listing failed: {server.lastError}
                      </p>
                    )}
                  </TableCell>
                  {canWrite && (
                    <TableCell className="text-right">
                      <ActionForm action={removeAction} hidden={{ orgSlug, serverId: server.id }} label={`Remove ${server.name}`} className="grid justify-items-end text-left">
                        {(_state, pending) => (
                          <ConfirmSubmit confirm={`Remove ${server.name}? Its tools, their approvals and grants are deleted, and keys lose them at once.`} size="sm" variant="ghost" disabled={pending}>
                            Remove
                          </ConfirmSubmit>
                        )}
                      </ActionForm>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
