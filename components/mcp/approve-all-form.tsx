"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import type { FormAction } from "@/lib/schemas/form";

/** Approves every unreviewed and held tool of the server at once; denied ones stay denied. */
export function ApproveAllForm({ action, orgSlug, server, waiting }: { action: FormAction; orgSlug: string; server: { id: string; name: string }; waiting: number }) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, serverId: server.id }} label={`Approve all tools of ${server.name}`}>
      {(state, pending) => (
        <div className="grid gap-2">
          <div>
            <ConfirmSubmit
              confirm={`Approve the ${waiting} unreviewed or held tool(s) of ${server.name} as they are defined now? Keys still need grants to call them.`}
              disabled={pending || waiting === 0}
            >
              {pending ? "Approving…" : `Approve all (${waiting})`}
            </ConfirmSubmit>
          </div>
          {state.ok && state.data?.count && <Alert variant="success">Approved {state.data.count} tool(s).</Alert>}
        </div>
      )}
    </ActionForm>
  );
}
