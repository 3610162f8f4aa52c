import { B, E, type SecretPatternSpec } from "./pattern-rule";

const r = String.raw;

/** Payment processors and commerce platforms. */
export const PAYMENT_RULES: SecretPatternSpec[] = [
  { id: "secret.stripe_live_secret_key", description: "Stripe live secret key (sk_live_)", severity: "critical", keywords: ["sk_live_"], pattern: r`${B}sk_live_[A-Za-z0-9]{24,247}${E}`, maxMatchLength: 255 },
  { id: "secret.stripe_test_secret_key", description: "Stripe test-mode secret key (sk_test_): no money at stake, still an account credential", severity: "low", keywords: ["sk_test_"], pattern: r`${B}sk_test_[A-Za-z0-9]{24,247}${E}`, maxMatchLength: 255 },
  { id: "secret.stripe_restricted_key", description: "Stripe live restricted key (rk_live_)", severity: "critical", keywords: ["rk_live_"], pattern: r`${B}rk_live_[A-Za-z0-9]{24,247}${E}`, maxMatchLength: 255 },
  { id: "secret.stripe_webhook_secret", description: "Stripe webhook signing secret (whsec_)", severity: "high", keywords: ["whsec_"], pattern: r`${B}whsec_[A-Za-z0-9+/]{32,64}={0,2}`, maxMatchLength: 72 },
  { id: "secret.square_access_token", description: "Square production access token (EAAA / sq0atp-)", severity: "critical", keywords: ["eaaa", "sq0atp-"], pattern: r`${B}(?:EAAA[A-Za-z0-9_\-]{60}|sq0atp-[A-Za-z0-9_\-]{22})${E}`, minEntropy: 3.5, maxMatchLength: 64 },
  { id: "secret.square_oauth_secret", description: "Square OAuth application secret (sq0csp-)", severity: "critical", keywords: ["sq0csp-"], pattern: r`${B}sq0csp-[A-Za-z0-9_\-]{43}${E}`, maxMatchLength: 50 },
  { id: "secret.paypal_braintree_access_token", description: "PayPal Braintree production access token", severity: "critical", keywords: ["access_token$production$"], pattern: r`access_token\$production\$[a-z0-9]{16}\$[a-f0-9]{32}`, maxMatchLength: 72 },
  { id: "secret.shopify_access_token", description: "Shopify Admin API access token (shpat_)", severity: "critical", keywords: ["shpat_"], pattern: r`${B}shpat_[a-fA-F0-9]{32}${E}`, maxMatchLength: 38 },
  { id: "secret.shopify_shared_secret", description: "Shopify app shared secret (shpss_)", severity: "critical", keywords: ["shpss_"], pattern: r`${B}shpss_[a-fA-F0-9]{32}${E}`, maxMatchLength: 38 },
  { id: "secret.shopify_custom_app_token", description: "Shopify custom app access token (shpca_)", severity: "critical", keywords: ["shpca_"], pattern: r`${B}shpca_[a-fA-F0-9]{32}${E}`, maxMatchLength: 38 },
  { id: "secret.shopify_private_app_token", description: "Shopify private app password (shppa_)", severity: "critical", keywords: ["shppa_"], pattern: r`${B}shppa_[a-fA-F0-9]{32}${E}`, maxMatchLength: 38 },
];
