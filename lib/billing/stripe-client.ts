import Stripe from "stripe";
import { AppError } from "@/lib/errors";
import type { BillingConfig } from "./billing-config";

const clients = new WeakMap<BillingConfig, Stripe>();

/**
 * One Stripe client per configuration. The SDK pins its API version (the event shapes the
 * webhook handlers read); STRIPE_API_BASE sends its requests elsewhere, e.g. to a local stand-in.
 */
export function stripeClient(config: BillingConfig): Stripe {
  let client = clients.get(config);
  if (!client) {
    const base = config.apiBase;
    client = new Stripe(config.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      appInfo: { name: "llm-gateway" },
      ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === "https:" ? 443 : 80)), protocol: base.protocol === "https:" ? "https" : "http" } : {}),
    });
    clients.set(config, client);
  }
  return client;
}

/** Stripe's refusals and outages, as a message the person who clicked can act on (not a crash page). */
export async function viaStripe<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      console.error(`[billing] Stripe refused to ${what}: ${error.type} ${error.code ?? ""} ${error.message}`);
      throw new AppError(`Stripe could not ${what}: ${error.message} Try again, or contact support if it persists.`, 502, "billing_provider_error");
    }
    throw error;
  }
}
