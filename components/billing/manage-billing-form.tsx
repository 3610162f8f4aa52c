"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/schemas/form";

/** Opens Stripe's customer portal for the org: card, invoices, plan changes, cancellation. */
export function ManageBillingForm({ action, orgSlug }: { action: FormAction; orgSlug: string }) {
  return (
    <ActionForm action={action} hidden={{ orgSlug }} label="Manage billing">
      {(_state, pending) => (
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? "Opening the customer portal…" : "Manage billing"}
        </Button>
      )}
    </ActionForm>
  );
}
