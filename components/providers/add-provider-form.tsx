"use client";

import { useState } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { PROVIDER_LABELS } from "@/lib/providers/defaults";
import { PROVIDER_KINDS, type ProviderKind } from "@/lib/providers/types";
import type { FormAction } from "@/lib/schemas/form";

const BASE_URL_HINTS: Record<ProviderKind, string> = {
  openai: "Optional; defaults to https://api.openai.com/v1.",
  azure_openai: "Your resource, e.g. https://my-resource.openai.azure.com.",
  openai_compatible: "The server's OpenAI-style base, e.g. https://api.groq.com/openai/v1 or http://gpu-box:8000/v1.",
  anthropic: "Optional; defaults to https://api.anthropic.com.",
  gemini: "Optional; defaults to https://generativelanguage.googleapis.com.",
  echo: "Not used: the echo test provider calls no model.",
};

export function AddProviderForm({
  action,
  orgSlug,
  privateUpstreamsAllowed,
}: {
  action: FormAction;
  orgSlug: string;
  privateUpstreamsAllowed: boolean;
}) {
  const [kind, setKind] = useState<ProviderKind>("openai");
  return (
    <Card>
      <CardHeader>
        <CardTitle>Add a provider</CardTitle>
        <CardDescription>
          {privateUpstreamsAllowed
            ? "Local and private-network endpoints are allowed on this instance."
            : "Loopback and private-network addresses are refused; self-hosters can allow them with ALLOW_PRIVATE_UPSTREAMS=1."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} hidden={{ orgSlug }} label="Add a provider">
          {(state, pending) => (
            <div className="grid gap-4">
              {state.ok && state.data?.name && <Alert variant="success">Added {state.data.name}. Publish its models on the Models page.</Alert>}
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="provider-name" label="Name" errors={state.fieldErrors?.name}>
                  {(control) => <Input {...control} name="name" placeholder="OpenAI production" defaultValue={state.ok ? "" : state.values?.name} />}
                </Field>
                <Field id="provider-kind" label="Type" errors={state.fieldErrors?.kind}>
                  {(control) => (
                    <Select {...control} name="kind" value={kind} onChange={(event) => setKind(event.target.value as ProviderKind)}>
                      {PROVIDER_KINDS.map((value) => (
                        <option key={value} value={value}>
                          {PROVIDER_LABELS[value]}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
              </div>
              {kind !== "echo" && (
                <div className="grid gap-4 sm:grid-cols-2">
                  <Field id="provider-base-url" label="Base URL" hint={BASE_URL_HINTS[kind]} errors={state.fieldErrors?.baseUrl}>
                    {(control) => <Input {...control} name="baseUrl" defaultValue={state.ok ? "" : state.values?.baseUrl} />}
                  </Field>
                  <Field id="provider-api-key" label="API key" hint="Encrypted at rest; only its last four characters are shown later." errors={state.fieldErrors?.apiKey}>
                    {(control) => <Input {...control} name="apiKey" type="password" autoComplete="off" />}
                  </Field>
                </div>
              )}
              {kind === "azure_openai" && (
                <Field id="provider-api-version" label="API version" hint="Defaults to 2024-10-21." errors={state.fieldErrors?.apiVersion}>
                  {(control) => <Input {...control} name="apiVersion" defaultValue={state.values?.apiVersion} />}
                </Field>
              )}
              <div>
                <Button type="submit" disabled={pending}>
                  {pending ? "Adding…" : "Add provider"}
                </Button>
              </div>
            </div>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
