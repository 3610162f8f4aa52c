"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FormAction } from "@/lib/schemas/form";

type Quotas = { monthlyRequestQuota: number | null; monthlyTokenQuota: number | null };
type Usage = { requests: number | null; tokens: number | null; resetsAt: string };

const count = (value: number) => value.toLocaleString("en-US");

/** The org's monthly request and token quotas, with this month's use where a quota is set. */
export function QuotaForm({ action, orgSlug, quotas, usage, canEdit }: { action: FormAction; orgSlug: string; quotas: Quotas; usage: Usage; canEdit: boolean }) {
  const used = (value: number | null, quota: number | null) => (value === null || quota === null ? undefined : `Used this month: ${count(value)} of ${count(quota)}.`);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Monthly quotas</CardTitle>
        <CardDescription>
          Requests and tokens all of the org&apos;s keys may use per calendar month (UTC); past a quota the gateway answers 429{" "}
          <code>quota_exceeded</code> until it resets on {new Date(usage.resetsAt).toUTCString()}. Empty means unlimited; the org&apos;s plan may set them.
          {!canEdit && " Only owners and admins can change them."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} hidden={{ orgSlug }} successMessage="Saved." label="Monthly quotas">
          {(state, pending) => {
            const value = (name: keyof Quotas) => (state.ok ? (quotas[name]?.toString() ?? "") : (state.values?.[name] ?? quotas[name]?.toString() ?? ""));
            return (
              <fieldset className="grid gap-4 sm:grid-cols-2" disabled={!canEdit}>
                <legend className="sr-only">Monthly quotas</legend>
                <Field id="quota-requests" label="Requests per month" hint={used(usage.requests, quotas.monthlyRequestQuota) ?? "Empty: unlimited."} errors={state.fieldErrors?.monthlyRequestQuota}>
                  {(control) => <Input {...control} name="monthlyRequestQuota" type="number" min={1} step={1} inputMode="numeric" defaultValue={value("monthlyRequestQuota")} />}
                </Field>
                <Field id="quota-tokens" label="Tokens per month" hint={used(usage.tokens, quotas.monthlyTokenQuota) ?? "Prompt plus answer. Empty: unlimited."} errors={state.fieldErrors?.monthlyTokenQuota}>
                  {(control) => <Input {...control} name="monthlyTokenQuota" type="number" min={1} step={1} inputMode="numeric" defaultValue={value("monthlyTokenQuota")} />}
                </Field>
                {canEdit && (
                  <div>
                    <Button type="submit" disabled={pending}>
                      Save
                    </Button>
                  </div>
                )}
              </fieldset>
            );
          }}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
