"use client";

import { useState } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { CredentialChoice } from "@/lib/mcp/mcp-forms";
import type { FormAction } from "@/lib/schemas/form";
import { HeaderRows, headerErrors } from "./header-rows";

const CHOICES: [CredentialChoice, string][] = [
  ["keep", "Keep the stored credentials"],
  ["replace", "Replace them with a new bearer token and headers"],
  ["clear", "Remove them: send no credentials"],
];

/**
 * Changes a server's URL and credentials. Stored credentials are never shown, so they are kept
 * unless replaced (all at once: the token and every extra header) or removed.
 */
export function EditServerForm({ action, orgSlug, server }: { action: FormAction; orgSlug: string; server: { id: string; name: string; url: string; headerHints: string[] } }) {
  const [choice, setChoice] = useState<CredentialChoice>("keep");
  return (
    <ActionForm action={action} hidden={{ orgSlug, serverId: server.id }} label={`Edit ${server.name}`} successMessage="Saved. List the tools now to check the new settings.">
      {(state, pending) => (
        <div className="grid gap-4">
          <Field id="mcp-edit-url" label="URL" errors={state.fieldErrors?.url}>
            {(control) => <Input {...control} name="url" type="url" inputMode="url" defaultValue={state.ok ? server.url : (state.values?.url ?? server.url)} />}
          </Field>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Credentials</legend>
            <p className="text-xs text-muted-foreground">Stored now: {server.headerHints.length ? server.headerHints.join(", ") : "none"}.</p>
            {CHOICES.map(([value, label]) => (
              <label key={value} className="flex items-center gap-2 text-sm">
                <input type="radio" name="credentials" value={value} checked={choice === value} onChange={() => setChoice(value)} />
                {label}
              </label>
            ))}
          </fieldset>
          {choice === "replace" && (
            <div className="grid gap-4 border-l-2 pl-4">
              <Field id="mcp-edit-token" label="Bearer token" hint="Sent as Authorization: Bearer …. Leave empty to send only the headers below." errors={state.fieldErrors?.bearerToken}>
                {(control) => <Input {...control} name="bearerToken" type="password" autoComplete="off" />}
              </Field>
              <HeaderRows idPrefix="mcp-edit" errors={headerErrors(state.fieldErrors)} />
            </div>
          )}
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save settings"}
            </Button>
          </div>
        </div>
      )}
    </ActionForm>
  );
}
