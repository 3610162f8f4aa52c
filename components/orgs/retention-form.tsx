"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FormAction } from "@/lib/schemas/form";

/** How long the audit trail keeps requests; older ones are purged hourly, keeping the chain verifiable. */
export function RetentionForm({ action, orgSlug, days, canEdit }: { action: FormAction; orgSlug: string; days: number | null; canEdit: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Audit retention</CardTitle>
        <CardDescription>
          Requests older than this are deleted from the audit trail every hour, with their reviews; the hash chain is anchored at the first kept row, so what remains still
          verifies. Empty keeps everything.{!canEdit && " Only owners and admins can change it."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} hidden={{ orgSlug }} successMessage="Saved." label="Audit retention">
          {(state, pending) => (
            <fieldset className="grid gap-4 sm:grid-cols-2" disabled={!canEdit}>
              <legend className="sr-only">Audit retention</legend>
              <Field id="retention-days" label="Keep audit rows for (days)" hint="1 to 3650. Empty: forever." errors={state.fieldErrors?.auditRetentionDays}>
                {(control) => (
                  <Input
                    {...control}
                    name="auditRetentionDays"
                    type="number"
                    min={1}
                    max={3650}
                    step={1}
                    inputMode="numeric"
                    defaultValue={state.ok ? (days?.toString() ?? "") : (state.values?.auditRetentionDays ?? days?.toString() ?? "")}
                  />
                )}
              </Field>
              {canEdit && (
                <div className="self-end">
                  <Button type="submit" disabled={pending}>
                    Save
                  </Button>
                </div>
              )}
            </fieldset>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
