"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { FormAction } from "@/lib/schemas/form";

/** Adds the review to an investigation still running (open or in progress). */
export function AddToInvestigationForm({ action, orgSlug, requestId, investigations }: { action: FormAction; orgSlug: string; requestId: string; investigations: { id: string; title: string }[] }) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, requestId }} label="Add to investigation" successMessage="Added to the investigation." className="grid gap-2">
      {(state, pending) => (
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-48 flex-1">
            <Field id={`investigation-${requestId}`} label="Investigation" errors={state.fieldErrors?.investigationId}>
              {(control) => (
                <Select {...control} name="investigationId" defaultValue={state.values?.investigationId ?? ""}>
                  <option value="">Choose…</option>
                  {investigations.map((investigation) => (
                    <option key={investigation.id} value={investigation.id}>
                      {investigation.title}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <Button type="submit" size="sm" variant="outline" disabled={pending}>
            Add to investigation
          </Button>
        </div>
      )}
    </ActionForm>
  );
}
