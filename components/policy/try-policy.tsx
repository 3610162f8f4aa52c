"use client";

import { type ReactNode, useState } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { DIRECTIONS } from "@/lib/policy/policy-schema";
import type { FormAction, FormState } from "@/lib/schemas/form";
import { withEditorDraft } from "./policy-editor";
import type { TryResult } from "./types";

function readResult(state: FormState): TryResult | null {
  if (!state.ok || !state.data?.result) return null;
  try {
    return JSON.parse(state.data.result) as TryResult;
  } catch {
    return null;
  }
}

/** The prompt with every finding's span wrapped in <mark>; overlapping findings share a mark. */
export function HighlightedText({ text, findings }: { text: string; findings: TryResult["findings"] }) {
  const cuts = new Set<number>([0, text.length]);
  for (const finding of findings) {
    cuts.add(Math.max(0, Math.min(text.length, finding.start)));
    cuts.add(Math.max(0, Math.min(text.length, finding.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const parts: ReactNode[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const covering = findings.filter((finding) => finding.start <= start && finding.end >= end);
    const slice = text.slice(start, end);
    parts.push(
      covering.length > 0 ? (
        <mark key={start} title={[...new Set(covering.map((finding) => finding.ruleId))].join(", ")} className="rounded-sm bg-amber-200 px-0.5 text-foreground">
          {slice}
        </mark>
      ) : (
        <span key={start}>{slice}</span>
      ),
    );
  }
  return <p className="whitespace-pre-wrap break-words rounded-md border bg-muted/30 p-3 font-mono text-xs">{parts}</p>;
}

function RuleList({ label, rules }: { label: string; rules: string[] }) {
  return (
    <div className="text-sm">
      <span className="font-medium">{label}:</span> {rules.length ? <span className="font-mono text-xs">{rules.join(", ")}</span> : <span className="text-muted-foreground">none</span>}
    </div>
  );
}

function TryResultView({ prompt, result }: { prompt: string; result: TryResult }) {
  const { decision } = result;
  return (
    <section aria-label="Result" className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">Decision:</span>
        <Badge data-testid="decision" variant={decision.action === "block" ? "destructive" : decision.action === "allow" ? "secondary" : "outline"}>
          {decision.action}
        </Badge>
        {decision.routeTo && <span className="text-xs">routed to {decision.routeTo}</span>}
        <span className="text-xs text-muted-foreground">{result.source === "draft" ? "using the draft in the editor" : `using version ${result.version}`}</span>
      </div>
      <RuleList label="Matched rules" rules={decision.matchedRules} />
      <RuleList label="Monitored rules (would have acted)" rules={decision.monitoredRules} />
      <HighlightedText text={prompt} findings={result.findings} />
      {result.findings.length === 0 ? (
        <p className="text-sm text-muted-foreground">No findings.</p>
      ) : (
        <table className="w-full text-left text-xs" aria-label="Findings">
          <thead>
            <tr className="border-b">
              <th className="py-1 font-medium">Detector</th>
              <th className="py-1 font-medium">Category</th>
              <th className="py-1 font-medium">Severity</th>
              <th className="py-1 font-medium">Start</th>
              <th className="py-1 font-medium">End</th>
            </tr>
          </thead>
          <tbody>
            {result.findings.map((finding) => (
              <tr key={`${finding.ruleId}-${finding.start}-${finding.end}`} className="border-b last:border-0">
                <td className="py-1 font-mono">{finding.ruleId}</td>
                <td className="py-1">{finding.category}</td>
                <td className="py-1">{finding.severity}</td>
                <td className="py-1">{finding.start}</td>
                <td className="py-1">{finding.end}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.redacted !== null && (
        <div className="grid gap-1">
          <span className="text-sm font-medium">Redacted text sent on</span>
          <p data-testid="redacted" className="whitespace-pre-wrap break-words rounded-md border bg-muted/30 p-3 font-mono text-xs">
            {result.redacted}
          </p>
        </div>
      )}
    </section>
  );
}

/**
 * Paste a prompt and see what the policy would do with it. With `canSimulateDraft` (the editor is
 * on the page) the draft in the editor can be tried before it is saved. Nothing is stored.
 */
export function TryPolicy({ action, orgSlug, canSimulateDraft }: { action: FormAction; orgSlug: string; canSimulateDraft: boolean }) {
  const [withDraft] = useState(() => withEditorDraft(action, (formData) => formData.get("useDraft") === "on"));
  return (
    <ActionForm action={withDraft} hidden={{ orgSlug }} label="Try the policy">
      {(state, pending) => {
        const result = readResult(state);
        return (
          <div className="grid gap-4">
            <Field id="try-prompt" label="Prompt" hint="Only inspected for this answer: it is not stored or logged." errors={state.fieldErrors?.prompt}>
              {(control) => <Textarea {...control} name="prompt" rows={5} defaultValue={state.data?.prompt ?? state.values?.prompt ?? ""} />}
            </Field>
            <div className="flex flex-wrap items-end gap-4">
              <div className="w-56">
                <Field id="try-direction" label="Direction" errors={state.fieldErrors?.direction}>
                  {(control) => (
                    <Select {...control} name="direction" defaultValue={state.values?.direction ?? "input"}>
                      {DIRECTIONS.map((direction) => (
                        <option key={direction} value={direction}>
                          {direction}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
              </div>
              {canSimulateDraft && (
                <label className="flex items-center gap-2 pb-2 text-sm">
                  <input type="checkbox" name="useDraft" defaultChecked={state.values?.useDraft === "on"} />
                  Simulate the draft in the editor
                </label>
              )}
              <Button type="submit" disabled={pending}>
                {pending ? "Checking…" : "Check prompt"}
              </Button>
            </div>
            {result && state.data?.prompt !== undefined && <TryResultView prompt={state.data.prompt} result={result} />}
          </div>
        );
      }}
    </ActionForm>
  );
}
