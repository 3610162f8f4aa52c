"use client";

import { type FormEvent, startTransition, useActionState, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { CustomRule } from "@/lib/inspection/types";
import type { PolicyRule } from "@/lib/policy/policy-schema";
import type { FormAction, FormState } from "@/lib/schemas/form";
import { CustomDetectorListEditor } from "./custom-detector-list-editor";
import { errorsUnder, type FieldErrors, mergePlacedErrors, placeErrors, validateDraft } from "./draft-errors";
import { JsonPolicyFields } from "./json-policy-fields";
import { customRulesFromDraft, draftFromPolicy, type PolicyDraft, policyDraftReducer, rulesFromDraft } from "./policy-draft";
import { type PolicyJson, parsePolicyJson, policyToJson } from "./policy-json";
import { RuleListEditor } from "./rule-list-editor";

const RULES_FIELD_ID = "policy-rules";
const CUSTOM_RULES_FIELD_ID = "policy-custom-rules";

const editorValue = (id: string) => (document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? "";

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

const NOT_SAVED = "The policy was not saved: fix the fields below.";

/** Which draft a server answer is about: its indexed paths are into the rules as they were sent. */
type Submission = { mode: "form"; keys: { rules: string[]; detectors: string[] } } | { mode: "json" };

const keysOf = (draft: PolicyDraft) => ({ rules: draft.rules.map((rule) => rule.key), detectors: draft.detectors.map((detector) => detector.key) });

/** Paths the JSON editor has no field for (everything but the two lists and the change note). */
const outsideJsonFields = (fieldErrors: FieldErrors | undefined) =>
  Object.entries(fieldErrors ?? {})
    .filter(([path]) => !["rules", "customRules", "message"].some((field) => path === field || path.startsWith(`${field}.`)))
    .flatMap(([path, messages]) => messages.map((message) => (path === "form" ? message : `${path}: ${message}`)));

type EditorProps = {
  orgSlug: string;
  baseVersion: number;
  rules: PolicyRule[];
  customRules: CustomRule[];
  /** Built-in detector ids, offered as suggestions. */
  detectorIds: string[];
};

/**
 * Edits the policy as a form (ordered rules, custom detectors) or, for power users, as JSON. Either
 * way the same two JSON fields are submitted, and the server checks them again. Saving starts from
 * `baseVersion`; if someone saved since, the server refuses and says so.
 */
export function PolicyEditor({ action, ...props }: EditorProps & { action: FormAction }) {
  // The action's state lives above the draft: a save re-renders the page with the new version, the
  // draft starts over from it (keyed by version), and "Saved version N." is still there to read.
  const [state, submit, pending] = useActionState(action, {});
  return <PolicyDraftForm key={props.baseVersion} {...props} state={state} submit={submit} pending={pending} />;
}

function PolicyDraftForm({
  orgSlug,
  baseVersion,
  rules,
  customRules,
  detectorIds,
  state,
  submit,
  pending,
}: EditorProps & { state: FormState; submit: (formData: FormData) => void; pending: boolean }) {
  const [draft, change] = useReducer(policyDraftReducer, undefined, () => draftFromPolicy(rules, customRules));
  const [message, setMessage] = useState("");
  /** Null while the form editor is shown. */
  const [json, setJson] = useState<PolicyJson | null>(null);
  const [jsonErrors, setJsonErrors] = useState<FieldErrors | null>(null);
  // After the first refused save the draft is checked as it is typed, so each message goes away when fixed.
  const [checking, setChecking] = useState(false);
  const [submission, setSubmission] = useState<Submission | null>(null);
  const [refusals, setRefusals] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  const clientErrors = checking && json === null ? validateDraft(draft, message) : null;
  // Only answers to this draft's own saves count: the previous draft's are about another version.
  const serverErrors = submission ? state.fieldErrors : undefined;
  const placed = mergePlacedErrors(
    placeErrors(clientErrors ?? undefined, keysOf(draft)),
    placeErrors(serverErrors, json === null && submission?.mode === "form" ? submission.keys : null),
  );
  const unplaced = json === null ? placed.unplaced : outsideJsonFields(serverErrors);
  const formMessage = clientErrors ? NOT_SAVED : submission && !state.ok ? state.message : undefined;

  const detectorOptions = useMemo(() => {
    const prefixes = [...new Set(detectorIds.map((id) => `${id.split(".")[0]}.*`))];
    const custom = draft.detectors.map((detector) => detector.id.trim()).filter(Boolean);
    return [...new Set([...detectorIds, ...custom, ...prefixes])];
  }, [detectorIds, draft.detectors]);

  // Take the person to the first field to fix after a refusal or a server answer (not as they type,
  // hence only these two dependencies).
  useEffect(() => {
    if (refusals === 0 && !submission) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals, state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Read before any state changes: the hidden fields hold the draft as it is now.
    const formData = new FormData(event.currentTarget);
    if (json === null) {
      setChecking(true);
      if (validateDraft(draft, message)) {
        setSubmission(null);
        setRefusals((count) => count + 1);
        return;
      }
    }
    setJsonErrors(null);
    setSubmission(json === null ? { mode: "form", keys: keysOf(draft) } : { mode: "json" });
    // Dispatched by hand rather than through <form action>: React resets a form after its action,
    // which would put controlled selects and checkboxes out of step with the draft.
    startTransition(() => submit(formData));
  }

  function toggleJson() {
    if (json === null) {
      setJson(policyToJson(draft));
      setJsonErrors(null);
      return;
    }
    const parsed = parsePolicyJson(json);
    if (!parsed.ok) {
      setJsonErrors(parsed.errors);
      setRefusals((count) => count + 1);
      return;
    }
    change({ type: "replace", rules: parsed.rules, customRules: parsed.customRules });
    setJson(null);
    setJsonErrors(null);
    // The last answer was about a text since edited; its paths would point at the wrong rules.
    setSubmission(null);
  }

  const jsonFieldErrors = (field: "rules" | "customRules") => {
    const messages = [...(errorsUnder(jsonErrors ?? undefined, field) ?? []), ...(errorsUnder(serverErrors, field) ?? [])];
    return messages.length ? messages : undefined;
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Edit policy" noValidate className="grid gap-6">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="baseVersion" value={String(baseVersion)} />
      {state.ok && state.data?.version === String(baseVersion) && <Alert variant="success">Saved version {state.data.version}.</Alert>}
      {formMessage && <Alert variant="destructive">{formMessage}</Alert>}
      {unplaced.length > 0 && (
        <Alert variant="destructive">
          <ul className="grid gap-1">
            {unplaced.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </Alert>
      )}

      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">
          {json === null ? "Rules run in order: the first enforce-mode allow stops evaluation; block outranks everything else." : "The policy as stored. It is checked when you save or go back to the form."}
        </p>
        <Button type="button" variant="outline" size="sm" onClick={toggleJson}>
          {json === null ? "Edit as JSON" : "Edit with the form"}
        </Button>
      </div>

      {json === null ? (
        <>
          <section aria-labelledby="policy-rules-heading" className="grid gap-3">
            <div className="grid gap-1">
              <h3 id="policy-rules-heading" className="font-semibold">
                Rules
              </h3>
              <p className="text-xs text-muted-foreground">A condition left empty matches anything. Lists are comma-separated.</p>
            </div>
            <RuleListEditor rules={draft.rules} errors={placed} detectorOptions={detectorOptions} onChange={change} />
          </section>
          <section aria-labelledby="policy-detectors-heading" className="grid gap-3">
            <div className="grid gap-1">
              <h3 id="policy-detectors-heading" className="font-semibold">
                Custom detectors
              </h3>
              <p className="text-xs text-muted-foreground">Your own keyword lists and patterns. Rules name them by id, or pick them all with the custom category.</p>
            </div>
            <CustomDetectorListEditor detectors={draft.detectors} errors={placed} onChange={change} />
          </section>
          {/* What is submitted, and what the try-it and simulation forms read as the draft (withEditorDraft). */}
          <input type="hidden" id={RULES_FIELD_ID} name="rules" value={JSON.stringify(rulesFromDraft(draft))} />
          <input type="hidden" id={CUSTOM_RULES_FIELD_ID} name="customRules" value={JSON.stringify(customRulesFromDraft(draft))} />
        </>
      ) : (
        <>
          {jsonErrors && <Alert variant="destructive">Fix the JSON below to go back to the form.</Alert>}
          <JsonPolicyFields
            value={json}
            onChange={setJson}
            errors={{ rules: jsonFieldErrors("rules"), customRules: jsonFieldErrors("customRules") }}
            rulesId={RULES_FIELD_ID}
            customRulesId={CUSTOM_RULES_FIELD_ID}
          />
        </>
      )}

      <Field id="policy-message" label="Change note" hint="Say what changed and why; it is shown in the history." errors={placed.message.length ? placed.message : undefined}>
        {(control) => <Input {...control} name="message" maxLength={500} value={message} onChange={(event) => setMessage(event.target.value)} />}
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : `Save as version ${baseVersion + 1}`}
        </Button>
      </div>
    </form>
  );
}
