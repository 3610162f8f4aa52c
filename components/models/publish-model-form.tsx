"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { FormAction } from "@/lib/schemas/form";

export function PublishModelForm({ action, orgSlug, providers }: { action: FormAction; orgSlug: string; providers: { id: string; name: string }[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Publish a model</CardTitle>
        <CardDescription>Use the provider&apos;s own id, or give it an alias such as <code>fast</code>.</CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} hidden={{ orgSlug }} label="Publish a model">
          {(state, pending) => (
            <div className="grid gap-4">
              {state.ok && state.data?.publicName && <Alert variant="success">Published {state.data.publicName}.</Alert>}
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="model-public-name" label="Public name" hint="What apps send as model." errors={state.fieldErrors?.publicName}>
                  {(control) => <Input {...control} name="publicName" placeholder="gpt-4o-mini" defaultValue={state.ok ? "" : state.values?.publicName} />}
                </Field>
                <Field id="model-provider" label="Provider" errors={state.fieldErrors?.providerId}>
                  {(control) => (
                    <Select {...control} name="providerId" defaultValue={state.values?.providerId}>
                      {providers.map((provider) => (
                        <option key={provider.id} value={provider.id}>
                          {provider.name}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
                <Field id="model-upstream" label="Provider's model id" hint="As the provider names it, e.g. claude-sonnet-4-5." errors={state.fieldErrors?.upstreamModel}>
                  {(control) => <Input {...control} name="upstreamModel" defaultValue={state.ok ? "" : state.values?.upstreamModel} />}
                </Field>
                <Field id="model-kind" label="Kind" errors={state.fieldErrors?.kind}>
                  {(control) => (
                    <Select {...control} name="kind" defaultValue={state.values?.kind ?? "chat"}>
                      <option value="chat">Chat</option>
                      <option value="embedding">Embedding</option>
                    </Select>
                  )}
                </Field>
              </div>
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  name="approveForAllKeys"
                  className="mt-0.5"
                  defaultChecked={state.values && !state.ok ? state.values.approveForAllKeys === "on" : true}
                  aria-describedby="model-approve-hint"
                />
                <span>
                  Approve for every key now
                  <span id="model-approve-hint" className="block text-xs text-muted-foreground">
                    Unchecked, the model waits unreviewed: keys get 403 until members ask for it and an admin approves.
                  </span>
                </span>
              </label>
              <div>
                <Button type="submit" disabled={pending}>
                  {pending ? "Publishing…" : "Publish model"}
                </Button>
              </div>
            </div>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
