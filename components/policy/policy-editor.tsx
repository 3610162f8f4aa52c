"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { FormAction } from "@/lib/schemas/form";

export const RULES_FIELD_ID = "policy-rules";
export const CUSTOM_RULES_FIELD_ID = "policy-custom-rules";

const editorValue = (id: string) => (document.getElementById(id) as HTMLTextAreaElement | null)?.value ?? "";

/**
 * Wraps an action so that its submission also carries the editor's current draft (as draftRules
 * and draftCustomRules), for forms elsewhere on the page that try or replay the draft.
 */
export function withEditorDraft(action: FormAction, carriesDraft: (formData: FormData) => boolean = () => true): FormAction {
  return async (state, formData) => {
    if (carriesDraft(formData)) {
      formData.set("draftRules", editorValue(RULES_FIELD_ID));
      formData.set("draftCustomRules", editorValue(CUSTOM_RULES_FIELD_ID));
    }
    return action(state, formData);
  };
}

/** Errors of one JSON field and everything under it ("rules.1.id: …"), with their paths. */
function errorsUnder(fieldErrors: Record<string, string[]> | undefined, field: string): string[] | undefined {
  if (!fieldErrors) return undefined;
  const messages = Object.entries(fieldErrors)
    .filter(([path]) => path === field || path.startsWith(`${field}.`))
    .flatMap(([path, list]) => list.map((message) => (path === field ? message : `${path}: ${message}`)));
  return messages.length ? messages : undefined;
}

const KNOWN_FIELDS = ["rules", "customRules", "message"];

/**
 * A first editor: the ordered rules and the custom detectors as JSON. Saving starts from
 * `baseVersion`; if someone saved since, the server refuses and says so.
 */
export function PolicyEditor({
  action,
  orgSlug,
  baseVersion,
  rulesJson,
  customRulesJson,
}: {
  action: FormAction;
  orgSlug: string;
  baseVersion: number;
  rulesJson: string;
  customRulesJson: string;
}) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, baseVersion: String(baseVersion) }} label="Edit policy">
      {(state, pending) => {
        const keep = !state.ok && state.values;
        const otherErrors = Object.entries(state.fieldErrors ?? {}).filter(([path]) => !KNOWN_FIELDS.some((field) => path === field || path.startsWith(`${field}.`)));
        return (
          <div className="grid gap-4">
            {state.ok && state.data?.version && <Alert variant="success">Saved version {state.data.version}.</Alert>}
            {otherErrors.length > 0 && (
              <Alert variant="destructive">
                {otherErrors.map(([path, messages]) => `${path}: ${messages.join(" ")}`).join(" ")}
              </Alert>
            )}
            <Field
              id={RULES_FIELD_ID}
              label="Rules (JSON)"
              hint="An ordered array of rules: the first enforce-mode allow stops evaluation; block outranks everything else."
              errors={errorsUnder(state.fieldErrors, "rules")}
            >
              {(control) => (
                <Textarea
                  {...control}
                  name="rules"
                  rows={18}
                  spellCheck={false}
                  className="font-mono text-xs"
                  defaultValue={keep ? (state.values?.rules ?? rulesJson) : rulesJson}
                />
              )}
            </Field>
            <Field
              id={CUSTOM_RULES_FIELD_ID}
              label="Custom detectors (JSON)"
              hint='An array like [{"id": "custom.project_names", "kind": "keywords", "keywords": ["Falcon"], "severity": "medium"}].'
              errors={errorsUnder(state.fieldErrors, "customRules")}
            >
              {(control) => (
                <Textarea
                  {...control}
                  name="customRules"
                  rows={5}
                  spellCheck={false}
                  className="font-mono text-xs"
                  defaultValue={keep ? (state.values?.customRules ?? customRulesJson) : customRulesJson}
                />
              )}
            </Field>
            <Field id="policy-message" label="Change note" hint="Say what changed and why; it is shown in the history." errors={state.fieldErrors?.message}>
              {(control) => <Input {...control} name="message" maxLength={500} defaultValue={keep ? state.values?.message : ""} />}
            </Field>
            <div>
              <Button type="submit" disabled={pending}>
                {pending ? "Saving…" : `Save as version ${baseVersion + 1}`}
              </Button>
            </div>
          </div>
        );
      }}
    </ActionForm>
  );
}
