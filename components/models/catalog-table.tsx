"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { FormAction } from "@/lib/schemas/form";

type Model = { id: string; publicName: string; kind: "chat" | "embedding"; upstreamModel: string; providerName: string };

export function CatalogTable({ orgSlug, models, canWrite, unpublishAction }: { orgSlug: string; models: Model[]; canWrite: boolean; unpublishAction: FormAction }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Catalog ({models.length})</CardTitle>
      </CardHeader>
      <CardContent>
        {models.length === 0 ? (
          <p className="text-sm text-muted-foreground">No models published yet. Apps can only call models listed here.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Public name</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Provider</TableHead>
                <TableHead>Provider&apos;s model</TableHead>
                {canWrite && <TableHead className="text-right">Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {models.map((model) => (
                <TableRow key={model.id} data-testid={`model-${model.publicName}`}>
                  <TableCell className="font-mono">{model.publicName}</TableCell>
                  <TableCell>
                    <Badge variant="outline">{model.kind}</Badge>
                  </TableCell>
                  <TableCell>{model.providerName}</TableCell>
                  <TableCell className="font-mono text-xs">{model.upstreamModel}</TableCell>
                  {canWrite && (
                    <TableCell className="text-right">
                      <ActionForm action={unpublishAction} hidden={{ orgSlug, modelId: model.id }} label={`Unpublish ${model.publicName}`}>
                        {(_state, pending) => (
                          <Button type="submit" size="sm" variant="ghost" disabled={pending}>
                            Unpublish
                          </Button>
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
