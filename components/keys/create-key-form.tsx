"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FormAction } from "@/lib/schemas/form";
import { KeyLimitsFields } from "./key-limits-fields";

const SCOPES = [
  { value: "gateway", label: "gateway", hint: "call /v1 (chat, embeddings, models)" },
  { value: "mcp", label: "mcp", hint: "use governed MCP tools" },
  { value: "admin", label: "admin", hint: "manage keys, providers and models through the management API" },
];

export function CreateKeyForm({ action, orgSlug, models }: { action: FormAction; orgSlug: string; models: string[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Create an API key</CardTitle>
        <CardDescription>The key is shown once. Store it in your app&apos;s secret store.</CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} hidden={{ orgSlug }} label="Create an API key">
          {(state, pending) => (
            <div className="grid gap-4">
              {state.ok && state.data?.key && (
                <Alert variant="success">
                  <p>
                    Key <strong>{state.data.name}</strong> created. Copy it now: it will not be shown again.
                  </p>
                  <Input readOnly aria-label="New API key" value={state.data.key} className="mt-2 bg-background font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
                </Alert>
              )}
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="key-name" label="Name" hint="Usually the app or service that will use it." errors={state.fieldErrors?.name}>
                  {(control) => <Input {...control} name="name" placeholder="checkout-service" defaultValue={state.ok ? "" : state.values?.name} />}
                </Field>
                <Field id="key-expires" label="Expires (optional)" errors={state.fieldErrors?.expiresAt}>
                  {(control) => <Input {...control} name="expiresAt" type="date" />}
                </Field>
              </div>
              <KeyLimitsFields idPrefix="key" state={state} />
              <fieldset className="grid gap-2">
                <legend className="mb-1 text-sm font-medium">Scopes</legend>
                {SCOPES.map((scope) => (
                  <label key={scope.value} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="scopes" value={scope.value} defaultChecked={scope.value === "gateway"} />
                    <span className="font-mono">{scope.label}</span>
                    <span className="text-muted-foreground">— {scope.hint}</span>
                  </label>
                ))}
                {state.fieldErrors?.scopes && (
                  <p role="alert" className="text-sm text-destructive">
                    {state.fieldErrors.scopes.join(" ")}
                  </p>
                )}
              </fieldset>
              {models.length > 0 && (
                <fieldset className="grid gap-2">
                  <legend className="mb-1 text-sm font-medium">Models (optional)</legend>
                  <p className="text-xs text-muted-foreground">Leave all unchecked to allow every model of the org.</p>
                  <div className="flex flex-wrap gap-x-4 gap-y-2">
                    {models.map((model) => (
                      <label key={model} className="flex items-center gap-2 font-mono text-sm">
                        <input type="checkbox" name="modelAllowlist" value={model} />
                        {model}
                      </label>
                    ))}
                  </div>
                </fieldset>
              )}
              <div>
                <Button type="submit" disabled={pending}>
                  {pending ? "Creating…" : "Create key"}
                </Button>
              </div>
            </div>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
