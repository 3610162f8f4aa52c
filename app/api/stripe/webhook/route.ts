import { handleStripeWebhook } from "@/lib/billing/webhook";

// Stripe's webhooks: the raw body is needed for the signature, so nothing parses it first.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = handleStripeWebhook;
