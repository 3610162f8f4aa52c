import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FormState } from "@/lib/schemas/form";

/** Tags and per-minute limits: the same fields when creating a key and when editing one. */
export function KeyLimitsFields({
  idPrefix,
  state,
  initial,
}: {
  idPrefix: string;
  state: FormState;
  initial?: { tags: string[]; requestsPerMinute: number | null; tokensPerMinute: number | null };
}) {
  // After a failed save the form shows what was typed; otherwise the key's current values.
  const value = (name: "tags" | "requestsPerMinute" | "tokensPerMinute", current: string) => (state.ok ? current : (state.values?.[name] ?? current));
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <div className="sm:col-span-3">
        <Field id={`${idPrefix}-tags`} label="Tags (optional)" hint="Comma-separated, lower-case name or name:value, e.g. team:data, env:prod. Up to 20." errors={state.fieldErrors?.tags}>
          {(control) => <Input {...control} name="tags" placeholder="team:data, env:prod" defaultValue={value("tags", initial?.tags.join(", ") ?? "")} />}
        </Field>
      </div>
      <Field id={`${idPrefix}-rpm`} label="Requests per minute" hint="Empty: no limit." errors={state.fieldErrors?.requestsPerMinute}>
        {(control) => (
          <Input {...control} name="requestsPerMinute" type="number" min={1} step={1} inputMode="numeric" defaultValue={value("requestsPerMinute", initial?.requestsPerMinute?.toString() ?? "")} />
        )}
      </Field>
      <Field id={`${idPrefix}-tpm`} label="Tokens per minute" hint="Prompt plus answer. Empty: no limit." errors={state.fieldErrors?.tokensPerMinute}>
        {(control) => (
          <Input {...control} name="tokensPerMinute" type="number" min={1} step={1} inputMode="numeric" defaultValue={value("tokensPerMinute", initial?.tokensPerMinute?.toString() ?? "")} />
        )}
      </Field>
    </div>
  );
}
