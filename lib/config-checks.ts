import { resolveAuthSecret } from "@/lib/auth/auth-secret";
import { billingConfig } from "@/lib/billing/billing-config";
import { assertMasterKey } from "@/lib/crypto/secret-box";

/**
 * Configuration mistakes stop the boot (throwing with what to set), rather than failing the first
 * sign-in, provider call or Stripe event. Run by every way the app starts.
 */
export function assertConfiguration(): void {
  resolveAuthSecret();
  assertMasterKey();
  billingConfig(); // only with Stripe keys
}
