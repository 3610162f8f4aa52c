import { readFileSync } from "node:fs";
import { type PlanDefinition, type PlanName, plansFileSchema, resolvePlans } from "./plans";

/**
 * Billing is on when STRIPE_SECRET_KEY is set, and only then: a self-hosted instance without
 * Stripe keys has no billing pages, no plans and no plan limits.
 */
export type BillingConfig = {
  secretKey: string;
  webhookSecret: string;
  /** Where the Stripe SDK sends its requests when not to Stripe itself (a local stand-in, a proxy). */
  apiBase: URL | null;
  plans: Record<PlanName, PlanDefinition>;
  /** Usage-based prices added to every checkout (metered: no quantity), e.g. per 1,000 tokens. */
  meteredPriceIds: string[];
  meters: { requests: string; tokens: string };
  graceDays: number;
  /** How often usage goes to Stripe's meters, in ms (0: never from this process). */
  meterIntervalMs: number;
};

let cached: { config: BillingConfig | null } | undefined;

export function billingConfig(): BillingConfig | null {
  cached ??= { config: readBillingConfig(process.env) };
  return cached.config;
}

export function billingEnabled(): boolean {
  return billingConfig() !== null;
}

/** Tests change the environment between cases. */
export function resetBillingConfig(): void {
  cached = undefined;
}

export function readBillingConfig(env: Record<string, string | undefined>): BillingConfig | null {
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  if (!secretKey) return null;
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim();
  if (!webhookSecret) throw new Error("STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set: Stripe's webhook signing secret (whsec_…) of the endpoint /api/stripe/webhook.");
  return {
    secretKey,
    webhookSecret,
    apiBase: env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null,
    plans: resolvePlans(readPlansFile(env.BILLING_PLANS_FILE), { team: env.STRIPE_PRICE_TEAM?.trim() || undefined, enterprise: env.STRIPE_PRICE_ENTERPRISE?.trim() || undefined }),
    meteredPriceIds: (env.STRIPE_METERED_PRICES ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
    meters: { requests: env.STRIPE_METER_REQUESTS_EVENT?.trim() || "gateway_requests", tokens: env.STRIPE_METER_TOKENS_EVENT?.trim() || "gateway_tokens" },
    graceDays: positiveNumber(env.BILLING_GRACE_DAYS, 7, "BILLING_GRACE_DAYS"),
    meterIntervalMs: env.BILLING_METER_INTERVAL_MS === "0" ? 0 : positiveNumber(env.BILLING_METER_INTERVAL_MS, 60_000, "BILLING_METER_INTERVAL_MS"),
  };
}

function readPlansFile(path: string | undefined) {
  if (!path) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`BILLING_PLANS_FILE ${path} could not be read as JSON: ${(error as Error).message}`);
  }
  const parsed = plansFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(file)"}: ${issue.message}`).join("; ");
    throw new Error(`BILLING_PLANS_FILE ${path} is not a valid plans file: ${problems}`);
  }
  return parsed.data;
}

function positiveNumber(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const number = Number(value);
  if (!(number > 0)) throw new Error(`${name} must be a positive number, got ${JSON.stringify(value)}.`);
  return number;
}
