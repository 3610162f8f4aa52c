"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PROVIDER_LABELS } from "@/lib/providers/defaults";
import type { ProviderKind } from "@/lib/providers/types";
import type { FormAction } from "@/lib/schemas/form";

type Provider = { id: string; name: string; kind: ProviderKind; baseUrl: string | null; credentialHint: string | null; modelCount: number };

export function ProviderTable({
  orgSlug,
  providers,
  canWrite,
  testAction,
  deleteAction,
}: {
  orgSlug: string;
  providers: Provider[];
  canWrite: boolean;
  testAction: FormAction;
  deleteAction: FormAction;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Configured providers ({providers.length})</CardTitle>
      </CardHeader>
      <CardContent>
        {providers.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No providers yet. Add one above, then publish its models so your apps can call them.
          </p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Type</TableHead>
                <TableHead>Endpoint</TableHead>
                <TableHead>Credential</TableHead>
                <TableHead>Models</TableHead>
                {canWrite && <TableHead className="text-right">Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {providers.map((provider) => (
                <TableRow key={provider.id} data-testid={`provider-${provider.name}`}>
                  <TableCell className="font-medium">{provider.name}</TableCell>
                  <TableCell>
                    {provider.kind === "echo" ? <Badge variant="outline">Test provider</Badge> : PROVIDER_LABELS[provider.kind].split(" (")[0]}
                  </TableCell>
                  <TableCell className="max-w-56 truncate font-mono text-xs">{provider.baseUrl ?? "default"}</TableCell>
                  <TableCell className="font-mono text-xs">{provider.credentialHint ?? "none"}</TableCell>
                  <TableCell>{provider.modelCount}</TableCell>
                  {canWrite && (
                    <TableCell className="text-right">
                      <div className="flex flex-col items-end gap-2">
                        <ActionForm action={testAction} hidden={{ orgSlug, providerId: provider.id }} label={`Test connection to ${provider.name}`}>
                          {(state, pending) => (
                            <div className="grid justify-items-end gap-2">
                              <Button type="submit" size="sm" variant="outline" disabled={pending}>
                                {pending ? "Testing…" : "Test connection"}
                              </Button>
                              {state.ok && (
                                <div role="status" className="max-w-72 text-left text-xs">
                                  <p className="font-medium text-emerald-700">Connected: {state.data?.count} model(s)</p>
                                  <ul className="max-h-32 overflow-auto font-mono">
                                    {state.data?.models?.split("\n").filter(Boolean).map((model) => <li key={model}>{model}</li>)}
                                  </ul>
                                </div>
                              )}
                            </div>
                          )}
                        </ActionForm>
                        <ActionForm action={deleteAction} hidden={{ orgSlug, providerId: provider.id }} label={`Remove ${provider.name}`}>
                          {(_state, pending) => (
                            <ConfirmSubmit
                              confirm={`Remove ${provider.name} and unpublish its ${provider.modelCount} model(s)?`}
                              size="sm"
                              variant="ghost"
                              disabled={pending}
                            >
                              Remove
                            </ConfirmSubmit>
                          )}
                        </ActionForm>
                      </div>
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
