"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/schemas/form";

/** "List tools now": asks the server for its tools and says what changed, or why it failed. */
export function SyncServerForm({ action, orgSlug, server }: { action: FormAction; orgSlug: string; server: { id: string; name: string } }) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, serverId: server.id }} label={`List the tools of ${server.name}`}>
      {(state, pending) => (
        <div className="grid gap-2">
          <div>
            <Button type="submit" variant="outline" disabled={pending}>
              {pending ? "Listing…" : "List tools now"}
            </Button>
          </div>
          {state.ok && state.data?.listed && (
            <Alert variant="success" data-testid="listing-summary">
              {state.data.listed}
            </Alert>
          )}
        </div>
      )}
    </ActionForm>
  );
}
