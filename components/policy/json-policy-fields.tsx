"use client";

import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { PolicyJson } from "./policy-json";

/**
 * The advanced editor: the rules and custom detectors as the JSON the server stores. What is
 * typed here is submitted as is; the server checks it.
 */
export function JsonPolicyFields({
  value,
  onChange,
  errors,
  rulesId,
  customRulesId,
}: {
  value: PolicyJson;
  onChange: (value: PolicyJson) => void;
  errors: { rules?: string[]; customRules?: string[] };
  rulesId: string;
  customRulesId: string;
}) {
  return (
    <div className="grid gap-4">
      <Field
        id={rulesId}
        label="Rules (JSON)"
        hint="An ordered array of rules: the first enforce-mode allow stops evaluation; block outranks everything else."
        errors={errors.rules}
      >
        {(control) => (
          <Textarea {...control} name="rules" rows={18} spellCheck={false} className="font-mono text-xs" value={value.rules} onChange={(event) => onChange({ ...value, rules: event.target.value })} />
        )}
      </Field>
      <Field
        id={customRulesId}
        label="Custom detectors (JSON)"
        hint='An array like [{"id": "custom.project_names", "kind": "keywords", "keywords": ["Falcon"], "severity": "medium"}].'
        errors={errors.customRules}
      >
        {(control) => (
          <Textarea
            {...control}
            name="customRules"
            rows={5}
            spellCheck={false}
            className="font-mono text-xs"
            value={value.customRules}
            onChange={(event) => onChange({ ...value, customRules: event.target.value })}
          />
        )}
      </Field>
    </div>
  );
}
