"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/schemas/form";

export function AcceptInviteForm({
  action,
  token,
  signedInAs,
}: {
  action: FormAction;
  token: string;
  signedInAs: string;
}) {
  return (
    <ActionForm action={action} hidden={{ token }} label="Accept invite">
      {(_state, pending) => (
        <Button type="submit" className="w-full" disabled={pending} title={`Accept as ${signedInAs}`}>
          {pending ? "Joining…" : "Accept invite"}
        </Button>
      )}
    </ActionForm>
  );
}
