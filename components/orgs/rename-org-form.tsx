"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FormAction } from "@/lib/schemas/form";

export function RenameOrgForm({
  action,
  orgSlug,
  name,
  canEdit,
}: {
  action: FormAction;
  orgSlug: string;
  name: string;
  canEdit: boolean;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Org name</CardTitle>
        <CardDescription>
          {canEdit ? "Shown in the dashboard and in invites." : "Only owners and admins can rename the org."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} hidden={{ orgSlug }} successMessage="Saved." label="Rename org">
          {(state, pending) => (
            <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
              <div className="flex-1">
                <Field id="org-name" label="Name" errors={state.fieldErrors?.name}>
                  {(control) => <Input {...control} name="name" defaultValue={state.values?.name ?? name} disabled={!canEdit} />}
                </Field>
              </div>
              {canEdit && (
                <Button type="submit" disabled={pending} className="sm:mt-6">
                  Save
                </Button>
              )}
            </div>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
