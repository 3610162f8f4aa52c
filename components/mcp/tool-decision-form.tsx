"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { ToolItem } from "@/lib/mcp/tool-view";
import type { FormAction } from "@/lib/schemas/form";

/**
 * Approve or deny one tool, with an optional note. The form carries the hash of the definition
 * shown above it: if the server changed the tool since, approving is refused and says so.
 */
export function ToolDecisionForm({ action, orgSlug, tool }: { action: FormAction; orgSlug: string; tool: ToolItem }) {
  const held = tool.state === "changed";
  return (
    <ActionForm action={action} hidden={{ orgSlug, toolId: tool.id, seenHash: tool.definitionHash }} label={`Decide on ${tool.exposedName}`}>
      {(state, pending) => (
        <div className="grid gap-3">
          <Field id={`tool-${tool.id}-note`} label="Note" hint="Optional; recorded with the decision in the activity log." errors={state.fieldErrors?.note}>
            {(control) => <Textarea {...control} name="note" rows={2} defaultValue={state.ok ? "" : state.values?.note} />}
          </Field>
          <div className="flex flex-wrap gap-2">
            {tool.state !== "approved" && (
              <Button type="submit" name="decision" value="approve" size="sm" disabled={pending}>
                {held ? "Approve new definition" : "Approve"}
              </Button>
            )}
            {tool.state !== "denied" && (
              <Button type="submit" name="decision" value="deny" size="sm" variant="destructive" disabled={pending}>
                Deny
              </Button>
            )}
          </div>
        </div>
      )}
    </ActionForm>
  );
}
