"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { FormAction } from "@/lib/schemas/form";

/** Adds to a thread; the text area is emptied after a successful post and kept after an error. */
export function ReplyForm({ action, hidden, idPrefix, label, fieldLabel, submitLabel }: { action: FormAction; hidden: Record<string, string>; idPrefix: string; label: string; fieldLabel: string; submitLabel: string }) {
  return (
    <ActionForm action={action} hidden={hidden} label={label} className="grid gap-2">
      {(state, pending) => (
        <>
          <Field id={`${idPrefix}-body`} label={fieldLabel} errors={state.fieldErrors?.body}>
            {(control) => <Textarea {...control} name="body" rows={2} defaultValue={state.values?.body} />}
          </Field>
          <div>
            <Button type="submit" size="sm" variant="outline" disabled={pending}>
              {submitLabel}
            </Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}
