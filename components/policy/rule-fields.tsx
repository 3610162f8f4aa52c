"use client";

import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { CATEGORIES, DIRECTIONS, SEVERITIES } from "@/lib/policy/policy-schema";
import { CheckboxGroup } from "./checkbox-group";
import type { FieldMessages } from "./draft-errors";
import { listSuggestions } from "./list-input";
import { ACTION_TYPES, type RuleDraft, type RuleField } from "./policy-draft";

export type RulePatch = Partial<Omit<RuleDraft, "key">>;

/** How the rule is named to people and screen readers; a rule being renamed may have no id yet. */
export function ruleName(rule: RuleDraft, position: number): string {
  return rule.id.trim() || `at position ${position}`;
}

export const ruleControlId = (rule: RuleDraft, control: string) => `policy-rule-${rule.key}-${control}`;

const ACTION_LABELS: Record<(typeof ACTION_TYPES)[number], string> = {
  block: "block",
  redact: "redact",
  flag: "flag",
  route: "route to another model",
  allow: "allow (stop here)",
};

/** One rule of the ordered list: its conditions, its action, and buttons to move or remove it. */
export function RuleFields({
  rule,
  position,
  count,
  errors,
  detectorOptions,
  onChange,
  onMove,
  onRemove,
}: {
  rule: RuleDraft;
  /** 1-based. */
  position: number;
  count: number;
  errors: FieldMessages<RuleField>;
  detectorOptions: readonly string[];
  onChange: (patch: RulePatch) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const id = (control: string) => ruleControlId(rule, control);
  const name = ruleName(rule, position);
  const first = position === 1;
  const last = position === count;
  return (
    <fieldset aria-labelledby={id("heading")} className="grid gap-4 rounded-lg border p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 id={id("heading")} className="text-sm font-semibold">
          Rule <span className="font-mono">{name}</span>
        </h4>
        <div className="flex items-center gap-1">
          <span className="mr-2 text-xs text-muted-foreground">
            {position} of {count}
          </span>
          {/* aria-disabled, not disabled: a disabled button drops focus, and the rule just moved under it. */}
          <Button
            type="button"
            id={id("up")}
            size="sm"
            variant="ghost"
            aria-label={`Move rule ${name} up`}
            aria-disabled={first}
            className="aria-disabled:opacity-50"
            onClick={() => !first && onMove(-1)}
          >
            <ArrowUp aria-hidden /> Up
          </Button>
          <Button
            type="button"
            id={id("down")}
            size="sm"
            variant="ghost"
            aria-label={`Move rule ${name} down`}
            aria-disabled={last}
            className="aria-disabled:opacity-50"
            onClick={() => !last && onMove(1)}
          >
            <ArrowDown aria-hidden /> Down
          </Button>
          <Button type="button" size="sm" variant="ghost" aria-label={`Remove rule ${name}`} className="text-destructive" onClick={onRemove}>
            <Trash2 aria-hidden /> Remove
          </Button>
        </div>
      </div>

      <div className="grid items-start gap-4 md:grid-cols-3">
        <Field id={id("id")} label="Rule id" errors={errors.id}>
          {(control) => <Input {...control} className="font-mono" spellCheck={false} autoComplete="off" value={rule.id} onChange={(event) => onChange({ id: event.target.value })} />}
        </Field>
        <Field id={id("mode")} label="Mode" errors={errors.mode}>
          {(control) => (
            <Select {...control} value={rule.mode} onChange={(event) => onChange({ mode: event.target.value as RuleDraft["mode"] })}>
              <option value="enforce">enforce</option>
              <option value="monitor">monitor (record what it would do)</option>
            </Select>
          )}
        </Field>
        <label className="flex items-center gap-2 text-sm md:mt-5.5 md:h-9">
          <input type="checkbox" checked={rule.enabled} onChange={(event) => onChange({ enabled: event.target.checked })} />
          Enabled
        </label>
        <div className="md:col-span-3">
          <Field id={id("description")} label="Description" errors={errors.description}>
            {(control) => <Input {...control} maxLength={300} value={rule.description} onChange={(event) => onChange({ description: event.target.value })} />}
          </Field>
        </div>
      </div>

      <div className="grid items-start gap-4 md:grid-cols-2">
        <CheckboxGroup id={id("directions")} legend="Directions" options={DIRECTIONS} value={rule.directions} errors={errors.directions} onChange={(directions) => onChange({ directions })} />
        <CheckboxGroup
          id={id("categories")}
          legend="Categories (none: any)"
          options={CATEGORIES}
          value={rule.categories}
          errors={errors.categories}
          onChange={(categories) => onChange({ categories })}
        />
      </div>

      <div className="grid items-start gap-4 md:grid-cols-3">
        <div className="md:col-span-2">
          <Field id={id("detectors")} label="Detectors" hint="Comma-separated detector ids; a trailing * matches a prefix, e.g. pii.*" errors={errors.detectors}>
            {(control) => (
              <>
                <Input
                  {...control}
                  className="font-mono"
                  spellCheck={false}
                  autoComplete="off"
                  list={id("detector-options")}
                  value={rule.detectors}
                  onChange={(event) => onChange({ detectors: event.target.value })}
                />
                <datalist id={id("detector-options")}>
                  {listSuggestions(rule.detectors, detectorOptions).map((option) => (
                    <option key={option} value={option} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
        </div>
        <Field id={id("min-severity")} label="Minimum severity" errors={errors.minSeverity}>
          {(control) => (
            <Select {...control} value={rule.minSeverity} onChange={(event) => onChange({ minSeverity: event.target.value as RuleDraft["minSeverity"] })}>
              <option value="">any</option>
              {SEVERITIES.map((severity) => (
                <option key={severity} value={severity}>
                  {severity}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field id={id("models")} label="Models" hint="Comma-separated; none: any model." errors={errors.models}>
          {(control) => <Input {...control} className="font-mono" spellCheck={false} value={rule.models} onChange={(event) => onChange({ models: event.target.value })} />}
        </Field>
        <Field id={id("key-tags")} label="Key tags" hint="Comma-separated; none: any key." errors={errors.keyTags}>
          {(control) => <Input {...control} className="font-mono" spellCheck={false} value={rule.keyTags} onChange={(event) => onChange({ keyTags: event.target.value })} />}
        </Field>
        <Field id={id("key-ids")} label="Key ids" hint="Comma-separated; none: any key." errors={errors.keyIds}>
          {(control) => <Input {...control} className="font-mono" spellCheck={false} value={rule.keyIds} onChange={(event) => onChange({ keyIds: event.target.value })} />}
        </Field>
      </div>

      <div className="grid items-start gap-4 md:grid-cols-3">
        <Field id={id("action")} label="Action" errors={errors.action}>
          {(control) => (
            <Select {...control} value={rule.action} onChange={(event) => onChange({ action: event.target.value as RuleDraft["action"] })}>
              {ACTION_TYPES.map((action) => (
                <option key={action} value={action}>
                  {ACTION_LABELS[action]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {rule.action === "route" && (
          <div className="md:col-span-2">
            <Field id={id("route-model")} label="Route to model" errors={errors.routeModel}>
              {(control) => (
                <Input {...control} className="font-mono" spellCheck={false} maxLength={100} value={rule.routeModel} onChange={(event) => onChange({ routeModel: event.target.value })} />
              )}
            </Field>
          </div>
        )}
      </div>
    </fieldset>
  );
}
