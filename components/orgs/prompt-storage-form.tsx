"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { FormAction } from "@/lib/schemas/form";

const OPTIONS = [
  { value: "none", label: "None", hint: "Keep only metadata: who, which model, decision, tokens, latency. The default." },
  { value: "redacted", label: "Redacted", hint: "Keep prompts and answers with everything the detectors find (secrets, personal data, your custom rules) masked as [REDACTED:…]." },
  { value: "full", label: "Full", hint: "Keep prompts and answers as sent. Only where your data policy allows it." },
] as const;

export function PromptStorageForm({ action, orgSlug, value, canEdit }: { action: FormAction; orgSlug: string; value: string; canEdit: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Prompt storage</CardTitle>
        <CardDescription>What the audit trail keeps of each request&apos;s prompt and answer. Applies to new requests.</CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} hidden={{ orgSlug }} successMessage="Saved." label="Prompt storage">
          {(state, pending) => (
            <fieldset className="grid gap-3" disabled={!canEdit}>
              <legend className="sr-only">Prompt storage</legend>
              {OPTIONS.map((option) => (
                <label key={option.value} className="flex items-start gap-2 text-sm">
                  <input type="radio" name="promptStorage" value={option.value} defaultChecked={(state.values?.promptStorage ?? value) === option.value} className="mt-1" />
                  <span>
                    <span className="font-medium">{option.label}</span> <span className="text-muted-foreground">— {option.hint}</span>
                  </span>
                </label>
              ))}
              {canEdit && (
                <div>
                  <Button type="submit" disabled={pending}>
                    Save
                  </Button>
                </div>
              )}
            </fieldset>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
