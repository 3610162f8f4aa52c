"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Badge } from "@/components/ui/badge";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { FormAction } from "@/lib/schemas/form";
import { EditKeyDialog } from "./edit-key-dialog";

type Key = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  modelAllowlist: string[];
  tags: string[];
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  status: "active" | "revoked" | "expired";
};

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

/** "60 req/min · 10,000 tok/min", or "none". */
function limitsText(key: Key): string {
  const parts = [];
  if (key.requestsPerMinute) parts.push(`${key.requestsPerMinute.toLocaleString("en-US")} req/min`);
  if (key.tokensPerMinute) parts.push(`${key.tokensPerMinute.toLocaleString("en-US")} tok/min`);
  return parts.length ? parts.join(" · ") : "none";
}

export function KeyTable({
  orgSlug,
  keys,
  canWrite,
  revokeAction,
  updateAction,
}: {
  orgSlug: string;
  keys: Key[];
  canWrite: boolean;
  revokeAction: FormAction;
  updateAction: FormAction;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Keys ({keys.length})</CardTitle>
      </CardHeader>
      <CardContent>
        {keys.length === 0 ? (
          <p className="text-sm text-muted-foreground">No API keys yet. Create one for each app that calls the gateway.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead>Scopes</TableHead>
                <TableHead>Models</TableHead>
                <TableHead>Tags</TableHead>
                <TableHead>Limits</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead>Created by</TableHead>
                <TableHead>Status</TableHead>
                {canWrite && <TableHead className="text-right">Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.map((key) => (
                <TableRow key={key.id} data-testid={`key-${key.name}`}>
                  <TableCell className="font-medium">{key.name}</TableCell>
                  <TableCell className="font-mono text-xs">{key.prefix}…</TableCell>
                  <TableCell className="font-mono text-xs">{key.scopes.join(", ")}</TableCell>
                  <TableCell className="font-mono text-xs">{key.modelAllowlist.length ? key.modelAllowlist.join(", ") : "all"}</TableCell>
                  <TableCell>
                    <div className="flex max-w-48 flex-wrap gap-1">
                      {key.tags.length ? key.tags.map((tag) => <Badge key={tag} variant="outline" className="font-mono">{tag}</Badge>) : <span className="text-xs text-muted-foreground">none</span>}
                    </div>
                  </TableCell>
                  <TableCell className="text-xs whitespace-nowrap">{limitsText(key)}</TableCell>
                  <TableCell className="text-xs">{when(key.lastUsedAt)}</TableCell>
                  <TableCell className="text-xs">{key.createdBy}</TableCell>
                  <TableCell>
                    <Badge variant={key.status === "active" ? "secondary" : "outline"}>{key.status}</Badge>
                    {key.expiresAt && key.status === "active" && <div className="text-xs text-muted-foreground">until {when(key.expiresAt)}</div>}
                  </TableCell>
                  {canWrite && (
                    <TableCell className="text-right">
                      {key.status === "active" && (
                        <div className="flex justify-end gap-2">
                          <EditKeyDialog orgSlug={orgSlug} apiKey={key} action={updateAction} />
                          <ActionForm action={revokeAction} hidden={{ orgSlug, apiKeyId: key.id }} label={`Revoke ${key.name}`}>
                            {(_state, pending) => (
                              <ConfirmSubmit
                                confirm={`Revoke ${key.name}? Apps using it stop working within a second.`}
                                size="sm"
                                variant="destructive"
                                disabled={pending}
                              >
                                Revoke
                              </ConfirmSubmit>
                            )}
                          </ActionForm>
                        </div>
                      )}
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
