"use client";

import { useState } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { KeyScopePicker } from "@/components/keys/key-scope-picker";
import { Button } from "@/components/ui/button";
import type { McpKey } from "@/lib/mcp/key-tool-access";
import type { GrantChoice } from "@/lib/mcp/mcp-forms";
import type { ToolItem } from "@/lib/mcp/tool-view";
import type { FormAction } from "@/lib/schemas/form";

export type GrantOptions = { keys: McpKey[]; tagsInUse: string[] };

const CHOICES: [GrantChoice, string][] = [
  ["none", "No key"],
  ["all", "Every key with the mcp scope"],
  ["limited", "Only these keys and key tags"],
];

function choiceOf(grant: ToolItem["grant"]): GrantChoice {
  if (grant.all) return "all";
  return grant.keyIds.length || grant.keyTags.length ? "limited" : "none";
}

/**
 * Who may call a tool, and whether each call waits for an operator's approval. Grants can be set
 * before the tool is approved; they take effect once it is (and while its definition is the approved one).
 */
export function ToolGrantForm({ action, orgSlug, tool, options }: { action: FormAction; orgSlug: string; tool: ToolItem; options: GrantOptions }) {
  const [choice, setChoice] = useState<GrantChoice>(choiceOf(tool.grant));
  const idPrefix = `grant-${tool.id}`;
  return (
    <ActionForm action={action} hidden={{ orgSlug, toolId: tool.id }} label={`Grants of ${tool.exposedName}`} successMessage="Grants saved.">
      {(state, pending) => {
        const errors = [...new Set(Object.entries(state.fieldErrors ?? {}).flatMap(([field, messages]) => (/^(keyIds|keyTags|grantAllKeys)/.test(field) ? messages : [])))];
        return (
          <div className="grid gap-4">
            <fieldset className="grid gap-2" aria-describedby={errors.length ? `${idPrefix}-error` : undefined}>
              <legend className="mb-1 text-sm font-medium">Who may call it</legend>
              {CHOICES.map(([value, label]) => (
                <label key={value} className="flex items-center gap-2 text-sm">
                  <input type="radio" name="grant" value={value} checked={choice === value} onChange={() => setChoice(value)} />
                  {label}
                </label>
              ))}
              {choice === "limited" && (
                <KeyScopePicker
                  idPrefix={idPrefix}
                  keys={options.keys}
                  defaultTags={state.ok ? tool.grant.keyTags.join(", ") : (state.values?.keyTags ?? tool.grant.keyTags.join(", "))}
                  defaultKeyIds={tool.grant.keyIds}
                  invalid={errors.length > 0}
                  tagsHint={`Comma separated: keys carrying any of them. ${options.tagsInUse.length ? `In use on mcp keys: ${options.tagsInUse.join(", ")}.` : "No mcp key carries a tag yet."}`}
                  keysLabel="Keys"
                  noKeys="No live key has the mcp scope. Create one on the API keys page."
                />
              )}
              {errors.length > 0 && (
                <p id={`${idPrefix}-error`} role="alert" className="text-sm text-destructive">
                  {errors.join(" ")}
                </p>
              )}
            </fieldset>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="requiresCallApproval" defaultChecked={tool.requiresCallApproval} />
              Each call requires approval
              <span className="text-muted-foreground">— an operator approves every call in the review queue before it reaches the server</span>
            </label>
            <div>
              <Button type="submit" size="sm" disabled={pending}>
                {pending ? "Saving…" : "Save grants"}
              </Button>
            </div>
          </div>
        );
      }}
    </ActionForm>
  );
}
