"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runOrgAction } from "@/lib/auth/org-action";
import { billingConfig } from "@/lib/billing/billing-config";
import { openCustomerPortal, startCheckout } from "@/lib/billing/checkout";
import { NotFoundError } from "@/lib/errors";
import { appUrl } from "@/lib/http/app-url";
import type { FormState } from "@/lib/schemas/form";

const paidPlan = z.object({ plan: z.enum(["team", "enterprise"], { error: "Choose the Team or Enterprise plan." }) });

function requireBilling() {
  const config = billingConfig();
  if (!config) throw new NotFoundError("Billing is not configured on this instance.");
  return config;
}

/** Sends the owner to Stripe Checkout for the plan; they come back to the billing page. */
export async function checkoutAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let checkoutUrl: string | undefined;
  const state = await runOrgAction(formData, { permission: "billing:manage", schema: paidPlan }, async (db, ctx, input) => {
    checkoutUrl = await startCheckout(db, requireBilling(), ctx, input.plan, appUrl(await headers()));
  });
  if (checkoutUrl) redirect(checkoutUrl);
  return state;
}

/** Sends the owner to Stripe's customer portal: card, invoices, plan changes and cancellation. */
export async function customerPortalAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let portalUrl: string | undefined;
  const state = await runOrgAction(formData, { permission: "billing:manage", schema: z.object({}) }, async (db, ctx) => {
    portalUrl = await openCustomerPortal(db, requireBilling(), ctx, appUrl(await headers()));
  });
  if (portalUrl) redirect(portalUrl);
  return state;
}
