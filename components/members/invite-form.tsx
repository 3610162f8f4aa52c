"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/auth/rbac";
import type { FormAction } from "@/lib/schemas/form";

export function InviteForm({
  action,
  orgSlug,
  canInviteOwners,
  mailConfigured,
}: {
  action: FormAction;
  orgSlug: string;
  canInviteOwners: boolean;
  mailConfigured: boolean;
}) {
  const roles = ROLES.filter((role) => canInviteOwners || role !== "owner");
  return (
    <Card>
      <CardHeader>
        <CardTitle>Invite someone</CardTitle>
        <CardDescription>
          {mailConfigured
            ? "We email them a link. You can also copy it and send it yourself."
            : "Copy the link and send it to them; it works once and expires in 7 days."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} hidden={{ orgSlug }} label="Invite someone">
          {(state, pending) => (
            <div className="grid gap-4">
              {state.ok && state.data?.link && (
                <Alert variant="success">
                  <p>
                    Invite created for <strong>{state.data.email}</strong>
                    {state.data.emailed === "true" ? " and emailed." : "."} Send them this link (shown once):
                  </p>
                  <Input
                    readOnly
                    aria-label="Invite link"
                    value={state.data.link}
                    className="mt-2 bg-background font-mono text-xs"
                    onFocus={(event) => event.currentTarget.select()}
                  />
                </Alert>
              )}
              <div className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start">
                <Field id="invite-email" label="Email" errors={state.fieldErrors?.email}>
                  {(control) => (
                    <Input {...control} name="email" type="email" placeholder="teammate@company.com" defaultValue={state.ok ? "" : state.values?.email} />
                  )}
                </Field>
                <Field id="invite-role" label="Role" errors={state.fieldErrors?.role}>
                  {(control) => (
                    <Select {...control} name="role" defaultValue={state.values?.role ?? "member"}>
                      {roles.map((role) => (
                        <option key={role} value={role} title={ROLE_DESCRIPTIONS[role]}>
                          {ROLE_LABELS[role]}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
                <Button type="submit" disabled={pending} className="sm:mt-6">
                  {pending ? "Inviting…" : "Send invite"}
                </Button>
              </div>
            </div>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
