import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { SearchOptions } from "@/lib/audit/search-options";

type Values = Record<string, string>;
type Errors = Record<string, string[]>;

/**
 * The filters as a plain GET form: submitting puts them in the URL, so every search can be
 * bookmarked and shared, and the page needs no client code to search. Values are echoed as typed,
 * so a filter with an error stays in front of the person who typed it.
 */
export function SearchForm({ action, values, errors, options }: { action: string; values: Values; errors: Errors; options: SearchOptions }) {
  const text = (name: string, label: string, props: { placeholder?: string; hint?: string; inputMode?: "numeric" } = {}) => (
    <Field id={`f-${name}`} label={label} hint={props.hint} errors={errors[name]}>
      {(control) => <Input {...control} name={name} defaultValue={values[name] ?? ""} placeholder={props.placeholder} inputMode={props.inputMode} />}
    </Field>
  );
  const select = (name: string, label: string, choices: { value: string; label: string }[], any = "Any") => (
    <Field id={`f-${name}`} label={label} errors={errors[name]}>
      {(control) => (
        <Select {...control} name={name} defaultValue={values[name] ?? ""}>
          <option value="">{any}</option>
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
  const same = (list: readonly string[]) => list.map((value) => ({ value, label: value }));
  return (
    <form method="get" action={action} aria-label="Search requests" className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {text("q", "Prompt text", { placeholder: "words, \"a phrase\", -not", hint: "Searches stored prompts and tool-call arguments (redacted or full storage)." })}
        {select("kind", "Kind", [
          { value: "llm", label: "LLM requests" },
          { value: "tool", label: "Tool calls" },
        ], "All")}
        {select("tool", "Tool", same(options.tools))}
        {select("rule", "Rule", same(options.rules.flatMap((id) => [id, `monitor:${id}`])))}
        {select("decision", "Decision", same(["allow", "flag", "redact", "block"]))}
        {select("outcome", "Outcome", same(["ok", "error", "incomplete", "blocked"]))}
        {select("range", "Time range", [
          { value: "1h", label: "Last hour" },
          { value: "24h", label: "Last 24 hours" },
          { value: "7d", label: "Last 7 days" },
          { value: "30d", label: "Last 30 days" },
        ], "Any time")}
        {text("from", "From (UTC)", { placeholder: "2026-11-24T09:30" })}
        {text("to", "To (UTC)", { placeholder: "2026-11-24T18:00" })}
        {text("status", "HTTP status", { placeholder: "403 or 4xx" })}
        {select("key", "API key", options.keys.map((k) => ({ value: k.id, label: k.name })))}
        {select("user", "User", options.users.map((u) => ({ value: u.id, label: u.email })))}
        {select("provider", "Provider", options.providers.map((p) => ({ value: p.id, label: p.name })))}
        {text("request_id", "Request id", { placeholder: "req_…" })}
        {text("requested_model", "Requested model")}
        {text("served_model", "Served model")}
        {text("latency_min", "Latency from (ms)", { inputMode: "numeric" })}
        {text("latency_max", "Latency to (ms)", { inputMode: "numeric" })}
        {text("tokens_min", "Tokens from", { inputMode: "numeric" })}
        {text("tokens_max", "Tokens to", { inputMode: "numeric" })}
        {select("sort", "Sort", [
          { value: "time_asc", label: "Oldest first" },
          { value: "latency_desc", label: "Slowest first" },
          { value: "latency_asc", label: "Fastest first" },
        ], "Newest first")}
        {text("limit", "Per page", { inputMode: "numeric", placeholder: "50" })}
      </div>
      <div className="flex gap-2">
        <Button type="submit">Search</Button>
        <Button variant="outline" asChild>
          <Link href={action}>Clear</Link>
        </Button>
      </div>
    </form>
  );
}
