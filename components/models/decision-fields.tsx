"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { ScopeDefault, ScopeOptions } from "@/lib/catalog/catalog-view";
import type { FormState } from "@/lib/schemas/form";
import { ScopeFields } from "./scope-fields";

/**
 * An admin's approve-or-deny answer: the scope to approve for, a note (required to deny) and the
 * buttons, which send `decision`. `children` adds further buttons after Approve and Deny.
 */
export function DecisionFields({
  idPrefix,
  options,
  defaults,
  noteHint,
  state,
  pending,
  children,
}: {
  idPrefix: string;
  options: ScopeOptions;
  defaults: ScopeDefault;
  noteHint: string;
  state: FormState;
  pending: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="grid gap-4">
      <ScopeFields idPrefix={idPrefix} options={options} defaults={defaults} errors={state.fieldErrors} echoed={state.values} keysLabel="Keys" />
      <Field id={`${idPrefix}-note`} label="Note" hint={noteHint} errors={state.fieldErrors?.note}>
        {(control) => <Textarea {...control} name="note" rows={2} defaultValue={state.values?.note} />}
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="decision" value="approve" size="sm" disabled={pending}>
          Approve
        </Button>
        <Button type="submit" name="decision" value="deny" size="sm" variant="destructive" disabled={pending}>
          Deny
        </Button>
        {children}
      </div>
    </div>
  );
}
