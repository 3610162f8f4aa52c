"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/schemas/form";

export function ReopenReviewForm({ action, orgSlug, requestId }: { action: FormAction; orgSlug: string; requestId: string }) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, requestId }} label="Reopen review">
      {(_state, pending) => (
        <Button type="submit" size="sm" variant="outline" disabled={pending}>
          Reopen
        </Button>
      )}
    </ActionForm>
  );
}
