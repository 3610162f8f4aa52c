"use client";

import Link from "next/link";
import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FormAction, FormState } from "@/lib/schemas/form";
import { HeaderRows, headerErrors } from "./header-rows";

/** Registering lists the server's tools at once: the answer shows what was listed, or why listing failed. */
export function RegisterServerForm({ action, orgSlug, privateUpstreamsAllowed }: { action: FormAction; orgSlug: string; privateUpstreamsAllowed: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Register an MCP server</CardTitle>
        <CardDescription>
          A Streamable HTTP endpoint. Its tools arrive unreviewed: no key can use one until an admin approves and grants it.{" "}
          {privateUpstreamsAllowed ? "Private-network addresses are allowed on this instance." : "Loopback and private-network addresses are refused."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} hidden={{ orgSlug }} label="Register an MCP server">
          {(state, pending) => (
            <div className="grid gap-4">
              <Outcome orgSlug={orgSlug} state={state} />
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="mcp-server-name" label="Name" hint="Lower case; prefixes its tools, e.g. github exposes github__create_issue." errors={state.fieldErrors?.name}>
                  {(control) => <Input {...control} name="name" placeholder="github" autoComplete="off" defaultValue={state.ok ? "" : state.values?.name} />}
                </Field>
                <Field id="mcp-server-url" label="URL" hint="e.g. https://mcp.example.com/mcp" errors={state.fieldErrors?.url}>
                  {(control) => <Input {...control} name="url" type="url" inputMode="url" placeholder="https://" defaultValue={state.ok ? "" : state.values?.url} />}
                </Field>
              </div>
              <Field id="mcp-server-token" label="Bearer token (optional)" hint="Sent as Authorization: Bearer …. Encrypted at rest; only its last four characters are shown later." errors={state.fieldErrors?.bearerToken}>
                {(control) => <Input {...control} name="bearerToken" type="password" autoComplete="off" />}
              </Field>
              {/* A new set of rows after each registration; a refused one keeps the rows (their values must be typed again). */}
              <HeaderRows key={state.ok ? state.data?.serverId : "draft"} idPrefix="mcp-server" errors={headerErrors(state.fieldErrors)} />
              <div>
                <Button type="submit" disabled={pending}>
                  {pending ? "Registering and listing tools…" : "Register server"}
                </Button>
              </div>
            </div>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}

function Outcome({ orgSlug, state }: { orgSlug: string; state: FormState }) {
  if (!state.ok || !state.data?.serverId) return null;
  const link = (
    <Link className="font-medium underline" href={`/${orgSlug}/mcp/${state.data.serverId}`}>
      Open {state.data.name}
    </Link>
  );
  if (state.data.listingError) {
    return (
      <Alert variant="warning">
        <p>Registered {state.data.name}, but listing its tools failed:</p>
        <p className="mt-1 font-medium" data-testid="listing-error">
          {state.data.listingError}
        </p>
        <p className="mt-1">Fix its URL or credentials on its page, then list its tools again. {link}</p>
      </Alert>
    );
  }
  return (
    <Alert variant="success">
      <p>
        Registered {state.data.name}. <span data-testid="listing-summary">{state.data.listed}</span>
      </p>
      <p className="mt-1">Review and grant its tools on its page. {link}</p>
    </Alert>
  );
}
