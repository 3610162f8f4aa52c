"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { FormAction } from "@/lib/schemas/form";

/**
 * "Is the audit trail as written?": recomputes the org's hash chain on the server and says
 * either intact (and how many rows) or where the first broken link is and why.
 */
export function VerifyChainCard({ action, orgSlug }: { action: FormAction; orgSlug: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Audit integrity</CardTitle>
        <CardDescription>
          Every audit row carries the hash of the one before it. Verifying recomputes the chain, so a row edited or deleted in the database shows up as a broken link.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} hidden={{ orgSlug }} label="Verify audit chain">
          {(state, pending) => (
            <div className="grid gap-3">
              <div>
                <Button type="submit" disabled={pending}>
                  {pending ? "Verifying…" : "Verify chain"}
                </Button>
              </div>
              {state.data?.verdict && (
                <p role="status" data-testid="chain-verdict" className={state.data.ok === "true" ? "text-sm text-emerald-700" : "text-sm font-medium text-destructive"}>
                  {state.data.verdict}
                </p>
              )}
            </div>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
