"use client";

import { useState } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { FormAction } from "@/lib/schemas/form";
import { withEditorDraft } from "./policy-editor";

type Simulation = { examined: number; changed: { requestId: string; createdAt: string; model: string | null; before: string; after: string; rules: string[] }[] };

/** Replays the editor's draft over recent stored prompts and lists the decisions it would change. */
export function TrafficSimulation({ action, orgSlug }: { action: FormAction; orgSlug: string }) {
  const [withDraft] = useState(() => withEditorDraft(action));
  return (
    <ActionForm action={withDraft} hidden={{ orgSlug }} label="Simulate on recent traffic">
      {(state, pending) => {
        const result = state.ok && state.data?.simulation ? (JSON.parse(state.data.simulation) as Simulation) : null;
        return (
          <div className="grid gap-3">
            <div>
              <Button type="submit" variant="outline" disabled={pending}>
                {pending ? "Simulating…" : "Simulate the draft on recent traffic"}
              </Button>
            </div>
            {result && (
              <div role="status" className="grid gap-2 text-sm">
                <p>
                  {result.examined === 0
                    ? "No recent requests have stored prompts (prompt storage is not set to full), so there is nothing to replay."
                    : `${result.changed.length} of the last ${result.examined} stored requests would be decided differently.`}
                </p>
                {result.changed.length > 0 && (
                  <Table>
                    <TableHeader>
                      <TableRow>
                        <TableHead>Request</TableHead>
                        <TableHead>Model</TableHead>
                        <TableHead>Was</TableHead>
                        <TableHead>Would be</TableHead>
                        <TableHead>Rules</TableHead>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {result.changed.map((change) => (
                        <TableRow key={change.requestId}>
                          <TableCell className="font-mono text-xs">{change.requestId}</TableCell>
                          <TableCell className="font-mono text-xs">{change.model ?? "—"}</TableCell>
                          <TableCell>{change.before}</TableCell>
                          <TableCell className="font-medium">{change.after}</TableCell>
                          <TableCell className="font-mono text-xs">{change.rules.join(", ") || "—"}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                )}
              </div>
            )}
          </div>
        );
      }}
    </ActionForm>
  );
}
