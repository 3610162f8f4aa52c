"use client";

import { ActionForm } from "@/components/forms/action-form";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import type { RuleChange } from "@/lib/policy/policy-diff";
import type { FormAction } from "@/lib/schemas/form";
import { describeAction, describeConditions } from "./rule-table";
import type { PolicyHistoryEntry, PolicyRule } from "./types";

const when = (iso: string) => new Date(iso).toLocaleString();

function ruleSummary(rule: PolicyRule): string {
  const mode = rule.enabled ? rule.mode : "disabled";
  return `${mode}; ${rule.when.directions.join(", ")}; ${describeConditions(rule).join("; ")} → ${describeAction(rule.action)}`;
}

function ChangeItem({ change }: { change: RuleChange }) {
  if (change.type === "added")
    return (
      <li>
        <span className="font-medium text-emerald-700">Added</span> <code>{change.rule.id}</code> at position {change.position + 1}: {ruleSummary(change.rule)}
      </li>
    );
  if (change.type === "removed")
    return (
      <li>
        <span className="font-medium text-destructive">Removed</span> <code>{change.rule.id}</code>: {ruleSummary(change.rule)}
      </li>
    );
  return (
    <li>
      <span className="font-medium text-amber-700">Changed</span> <code>{change.after.id}</code>
      <div className="ml-4 grid gap-0.5 text-muted-foreground">
        <div>before: {ruleSummary(change.before)}</div>
        <div>after: {ruleSummary(change.after)}</div>
      </div>
    </li>
  );
}

/** Every version, newest first, with what changed and (for writers) a way back. */
export function PolicyHistory({
  entries,
  currentVersion,
  orgSlug,
  canWrite,
  rollbackAction,
}: {
  entries: PolicyHistoryEntry[];
  currentVersion: number;
  orgSlug: string;
  canWrite: boolean;
  rollbackAction: FormAction;
}) {
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">No saved versions yet: the default policy is in force.</p>;
  return (
    <ol className="grid gap-3" aria-label="Policy versions">
      {entries.map((entry) => (
        <li key={entry.version} data-testid={`policy-version-${entry.version}`} className="rounded-lg border p-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <div>
              <span className="font-semibold">Version {entry.version}</span>
              {entry.version === currentVersion && <span className="ml-2 text-xs text-muted-foreground">(in force)</span>}
              <span className="ml-2 text-sm">{entry.message}</span>
            </div>
            <div className="text-xs text-muted-foreground">
              {entry.author ?? "system"} · {when(entry.createdAt)}
            </div>
          </div>
          {entry.diff ? (
            <details className="mt-2 text-xs">
              <summary className="cursor-pointer text-sm">Diff with previous</summary>
              <ul className="mt-2 grid gap-1">
                {entry.diff.changes.map((change) => (
                  <ChangeItem key={`${change.type}-${change.type === "changed" ? change.after.id : change.rule.id}`} change={change} />
                ))}
                {entry.diff.reordered && (
                  <li>
                    <span className="font-medium">Order changed</span> (order decides which rule wins)
                  </li>
                )}
                {entry.diff.changes.length === 0 && !entry.diff.reordered && <li className="text-muted-foreground">No rule changed (custom detectors may have).</li>}
              </ul>
            </details>
          ) : (
            <p className="mt-2 text-xs text-muted-foreground">First version.</p>
          )}
          {canWrite && entry.version !== currentVersion && (
            <ActionForm
              action={rollbackAction}
              hidden={{ orgSlug, toVersion: String(entry.version), baseVersion: String(currentVersion) }}
              label={`Roll back to version ${entry.version}`}
              className="mt-2"
            >
              {(state, pending) => (
                <>
                  {state.ok && state.data?.version && <p className="mb-2 text-sm text-emerald-700" role="status">Rolled back: saved version {state.data.version}.</p>}
                  <ConfirmSubmit
                    confirm={`Roll back to version ${entry.version}? Its rules are saved as version ${currentVersion + 1}.`}
                    size="sm"
                    variant="outline"
                    disabled={pending}
                  >
                    Roll back to this version
                  </ConfirmSubmit>
                </>
              )}
            </ActionForm>
          )}
        </li>
      ))}
    </ol>
  );
}
