import { servedOverHttps } from "./public-url";

type Env = Record<string, string | undefined>;

/** A fresh nonce per page: 128 random bits, base64 (what CSP's nonce-source expects). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * Where a form of ours may end up besides our own origin. The OAuth/OIDC buttons and the billing
 * buttons are forms whose server action redirects to the provider or to Stripe. Once the page's
 * scripts run, the redirect is a script navigation, which form-action does not govern; but a form
 * submitted before they load (a quick click) is a plain POST answered with 303, and browsers apply
 * form-action to that redirect too. The enabling conditions mirror lib/auth/oauth-providers.ts and
 * lib/billing/billing-config.ts. An OIDC provider whose authorization endpoint is on another
 * origin than its issuer is covered once scripts have loaded (the usual case), not before.
 */
export function formRedirectOrigins(env: Env = process.env): string[] {
  const origins: string[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) origins.push("https://github.com");
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) origins.push("https://accounts.google.com");
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) origins.push(...originOf(env.AUTH_OIDC_ISSUER));
  if (env.STRIPE_SECRET_KEY?.trim()) {
    // A stand-in for Stripe (STRIPE_API_BASE) serves its checkout and portal pages itself.
    origins.push(...(env.STRIPE_API_BASE ? originOf(env.STRIPE_API_BASE) : ["https://checkout.stripe.com", "https://billing.stripe.com"]));
  }
  return [...new Set(origins)];
}

function originOf(url: string): string[] {
  try {
    return [new URL(url).origin];
  } catch {
    return [];
  }
}

/**
 * The dashboard's Content-Security-Policy as a function of the page's nonce. Scripts run only
 * with the nonce Next puts on its own scripts ('strict-dynamic' extends that trust to the chunks
 * they load); nothing may frame the dashboard, plugins are off, and <base> and forms cannot send
 * the user elsewhere.
 *
 * Styles allow 'unsafe-inline', for styles only: React renders `style` attributes into the
 * server HTML (recharts' chart containers, the billing usage bars), and Radix's menus and dialogs
 * insert a <style> element without a nonce to lock page scrolling. Neither can carry a nonce, and
 * CSS cannot run script, so script-src stays strict.
 *
 * `next dev` needs 'unsafe-eval' (React rebuilds server error stacks in the browser with eval);
 * it is allowed in development only.
 */
export function contentSecurityPolicyFor(env: Env = process.env, mode: string | undefined = process.env.NODE_ENV): (nonce: string) => string {
  const development = mode === "development";
  const https = servedOverHttps(env);
  const before = "default-src 'self'; script-src 'self' 'nonce-";
  const after = [
    `' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formRedirectOrigins(env)].join(" "),
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return (nonce) => before + nonce + after;
}
