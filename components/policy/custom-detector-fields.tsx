"use client";

import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { SEVERITIES } from "@/lib/policy/policy-schema";
import type { FieldMessages } from "./draft-errors";
import type { DetectorDraft, DetectorField } from "./policy-draft";

export type DetectorPatch = Partial<Omit<DetectorDraft, "key">>;

function detectorName(detector: DetectorDraft, position: number): string {
  return detector.id.trim() || `at position ${position}`;
}

export const detectorControlId = (detector: DetectorDraft, control: string) => `policy-detector-${detector.key}-${control}`;

/** One custom detector: a keyword list or an RE2 pattern, and the severity of what it finds. */
export function CustomDetectorFields({
  detector,
  position,
  errors,
  onChange,
  onRemove,
}: {
  detector: DetectorDraft;
  position: number;
  errors: FieldMessages<DetectorField>;
  onChange: (patch: DetectorPatch) => void;
  onRemove: () => void;
}) {
  const id = (control: string) => detectorControlId(detector, control);
  const name = detectorName(detector, position);
  return (
    <fieldset aria-labelledby={id("heading")} className="grid gap-4 rounded-lg border p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 id={id("heading")} className="text-sm font-semibold">
          Custom detector <span className="font-mono">{name}</span>
        </h4>
        <Button type="button" size="sm" variant="ghost" aria-label={`Remove custom detector ${name}`} className="text-destructive" onClick={onRemove}>
          <Trash2 aria-hidden /> Remove
        </Button>
      </div>
      <div className="grid items-start gap-4 md:grid-cols-3">
        <Field id={id("id")} label="Detector id" hint="Rules name it by this id, e.g. custom.project_names." errors={errors.id}>
          {(control) => <Input {...control} className="font-mono" spellCheck={false} autoComplete="off" value={detector.id} onChange={(event) => onChange({ id: event.target.value })} />}
        </Field>
        <Field id={id("kind")} label="Kind" errors={errors.kind}>
          {(control) => (
            <Select {...control} value={detector.kind} onChange={(event) => onChange({ kind: event.target.value as DetectorDraft["kind"] })}>
              <option value="keywords">keywords (whole words)</option>
              <option value="regex">regular expression (RE2)</option>
            </Select>
          )}
        </Field>
        <Field id={id("severity")} label="Severity" errors={errors.severity}>
          {(control) => (
            <Select {...control} value={detector.severity} onChange={(event) => onChange({ severity: event.target.value as DetectorDraft["severity"] })}>
              {SEVERITIES.map((severity) => (
                <option key={severity} value={severity}>
                  {severity}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="md:col-span-3">
          {detector.kind === "keywords" ? (
            <Field id={id("keywords")} label="Keywords" hint="One per line." errors={errors.keywords}>
              {(control) => <Textarea {...control} rows={4} value={detector.keywords} onChange={(event) => onChange({ keywords: event.target.value })} />}
            </Field>
          ) : (
            <Field id={id("pattern")} label="Pattern" hint="RE2 syntax: no backreferences or lookaround." errors={errors.pattern}>
              {(control) => (
                <Input {...control} className="font-mono" spellCheck={false} autoComplete="off" maxLength={2000} value={detector.pattern} onChange={(event) => onChange({ pattern: event.target.value })} />
              )}
            </Field>
          )}
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={detector.caseSensitive} onChange={(event) => onChange({ caseSensitive: event.target.checked })} />
          Case-sensitive
        </label>
      </div>
    </fieldset>
  );
}
