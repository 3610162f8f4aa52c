"use client";

import { useState } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { FormAction, FormState } from "@/lib/schemas/form";
import { draftOfValues, type RouteDraft } from "./route-draft";
import { placeRouteErrors } from "./route-errors";
import { TargetRows } from "./target-rows";
import type { TargetOption } from "./types";

const STRATEGY_LABELS = {
  fallback: "Fallback: try the targets in order",
  weighted: "Weighted: draw the first target by weight",
  latency: "Latency: prefer targets under a latency target",
} as const;

/**
 * Create or edit a route. The server answers a refused save with field errors (`name`,
 * `targets.0.model`, `targets`, `form`…) and an echo of what was sent; each error is shown next to
 * its control, and those with none in an alert above the button.
 */
export function RouteForm({
  action,
  orgSlug,
  routeId,
  initial,
  options,
  label,
  submitLabel,
}: {
  action: FormAction;
  orgSlug: string;
  /** Set when editing: the route the form replaces. */
  routeId?: string;
  initial: RouteDraft;
  options: TargetOption[];
  label: string;
  submitLabel: string;
}) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, ...(routeId ? { routeId } : {}) }} label={label}>
      {(state, pending) => <RouteFormBody state={state} pending={pending} initial={initial} options={options} submitLabel={submitLabel} />}
    </ActionForm>
  );
}

/** Counts the server's answers, so the fields can start over from each one. */
function useAnswerCount(state: FormState): number {
  const [seen, setSeen] = useState({ state, count: 0 });
  if (seen.state !== state) {
    setSeen({ state, count: seen.count + 1 });
    return seen.count + 1;
  }
  return seen.count;
}

function RouteFormBody({ state, pending, initial, options, submitLabel }: { state: FormState; pending: boolean; initial: RouteDraft; options: TargetOption[]; submitLabel: string }) {
  const answers = useAnswerCount(state);
  const refused = !state.ok && state.values !== undefined;
  return (
    <div className="grid gap-4">
      {state.ok && state.data?.name && (
        <Alert variant="success">
          Saved route {state.data.name} (priority {state.data.priority}).
        </Alert>
      )}
      {/* React resets a form after its action; remounting rebuilds the fields from the answer. */}
      <RouteFields
        key={answers}
        draft={refused ? draftOfValues(state.values!) : initial}
        fieldErrors={state.ok ? undefined : state.fieldErrors}
        options={options}
        pending={pending}
        submitLabel={submitLabel}
      />
    </div>
  );
}

function RouteFields({
  draft,
  fieldErrors,
  options,
  pending,
  submitLabel,
}: {
  draft: RouteDraft;
  fieldErrors: Record<string, string[]> | undefined;
  options: TargetOption[];
  pending: boolean;
  submitLabel: string;
}) {
  const [strategy, setStrategy] = useState(draft.strategy);
  const errors = placeRouteErrors(fieldErrors, draft, { latencyTargetMs: strategy === "latency" });
  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
        <Field id="route-name" label="Name" hint="The model name apps send: a new alias such as assistant, or a catalog model's name to route it." errors={errors.fields.name}>
          {(control) => <Input {...control} name="name" placeholder="assistant" defaultValue={draft.name} />}
        </Field>
        <Field id="route-priority" label="Priority" hint="Lowest first among routes of this name." errors={errors.fields.priority}>
          {(control) => <Input {...control} name="priority" type="number" step={1} defaultValue={draft.priority} />}
        </Field>
      </div>
      <Field id="route-description" label="Description" hint="Optional: what this route is for." errors={errors.fields.description}>
        {(control) => <Input {...control} name="description" defaultValue={draft.description} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="route-strategy" label="Strategy" errors={errors.fields.strategy}>
          {(control) => (
            <Select {...control} name="strategy" defaultValue={draft.strategy} onChange={(event) => setStrategy(event.target.value as RouteDraft["strategy"])}>
              {Object.entries(STRATEGY_LABELS).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {strategy === "latency" && (
          <Field
            id="route-latency-target"
            label="Latency target (ms)"
            hint="Targets whose moving average (time to first token for streams, total time otherwise) is at most this are preferred."
            errors={errors.fields.latencyTargetMs}
          >
            {(control) => <Input {...control} name="latencyTargetMs" type="number" min={1} step={1} defaultValue={draft.latencyTargetMs} />}
          </Field>
        )}
      </div>
      <fieldset className="grid gap-4 rounded-lg border p-4">
        <legend className="px-1 text-sm font-medium">Conditions</legend>
        <p className="text-xs text-muted-foreground">The route applies only when every condition set here holds; leave them empty to apply to every request.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="route-workloads" label="Workloads" hint="Comma-separated x-gateway-workload labels, e.g. batch, eval." errors={errors.fields.workloads}>
            {(control) => <Input {...control} name="workloads" defaultValue={draft.workloads} />}
          </Field>
          <Field id="route-key-tags" label="Key tags" hint="Comma-separated; keys carrying any of them, e.g. team:data." errors={errors.fields.keyTags}>
            {(control) => <Input {...control} name="keyTags" defaultValue={draft.keyTags} />}
          </Field>
          <Field id="route-min-prompt" label="Minimum prompt size (characters)" errors={errors.fields.minPromptChars}>
            {(control) => <Input {...control} name="minPromptChars" type="number" min={0} step={1} defaultValue={draft.minPromptChars} />}
          </Field>
          <Field id="route-max-prompt" label="Maximum prompt size (characters)" errors={errors.fields.maxPromptChars}>
            {(control) => <Input {...control} name="maxPromptChars" type="number" min={0} step={1} defaultValue={draft.maxPromptChars} />}
          </Field>
        </div>
      </fieldset>
      <TargetRows initial={draft.targets} options={options} errors={errors.targets} rowErrors={errors.rows} />
      {errors.unplaced.length > 0 && <Alert variant="destructive">{errors.unplaced.join(" ")}</Alert>}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
      </div>
    </div>
  );
}
