"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FormAction } from "@/lib/schemas/form";

export function CreateOrgForm({ action }: { action: FormAction }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Create an org</CardTitle>
        <CardDescription>An org has its own members, keys, providers, policy and audit trail.</CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} className="grid gap-4" label="Create an org">
          {(state, pending) => (
            <>
              <Field id="org-name" label="Name" errors={state.fieldErrors?.name}>
                {(control) => <Input {...control} name="name" placeholder="Acme Platform Team" defaultValue={state.values?.name} />}
              </Field>
              <Field
                id="org-slug"
                label="Address (optional)"
                hint="Lower-case letters, digits and dashes; made from the name if left empty."
                errors={state.fieldErrors?.slug}
              >
                {(control) => <Input {...control} name="slug" placeholder="acme-platform" defaultValue={state.values?.slug} />}
              </Field>
              <Button type="submit" disabled={pending}>
                {pending ? "Creating…" : "Create org"}
              </Button>
            </>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
