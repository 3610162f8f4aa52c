"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { FormAction } from "@/lib/schemas/form";

/** The verdict on an open review, with an optional note; one submit button per verdict. */
export function ResolveReviewForm({ action, orgSlug, requestId }: { action: FormAction; orgSlug: string; requestId: string }) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, requestId }} label="Resolve review" className="grid gap-2">
      {(state, pending) => (
        <>
          <Field id={`resolve-${requestId}-note`} label="Resolution note" hint="Optional: why you decided so." errors={state.fieldErrors?.note}>
            {(control) => <Textarea {...control} name="note" rows={2} defaultValue={state.values?.note} />}
          </Field>
          {state.fieldErrors?.verdict && <p className="text-sm text-destructive">{state.fieldErrors.verdict.join(" ")}</p>}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" name="verdict" value="confirmed" size="sm" disabled={pending}>
              Confirm
            </Button>
            <Button type="submit" name="verdict" value="false_positive" size="sm" variant="outline" disabled={pending}>
              False positive
            </Button>
            <Button type="submit" name="verdict" value="escalated" size="sm" variant="destructive" disabled={pending}>
              Escalate
            </Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}
