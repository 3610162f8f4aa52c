import { servedOverHttps } from "./public-url";

type Env = Record<string, string | undefined>;

/**
 * Headers every answer carries, whatever it is (next.config.ts sends them on every path).
 * X-Frame-Options repeats the CSP's frame-ancestors for browsers that predate it.
 */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/**
 * Strict-Transport-Security, only when the public URL is https: browsers ignore it over http
 * anyway, and an install on plain http (a laptop, a private network) must not pin a host it
 * does not serve over TLS. Two years, subdomains included; no `preload`, which is a commitment
 * for the owner of the domain to make.
 */
export function strictTransportSecurity(env: Env = process.env): string | null {
  return servedOverHttps(env) ? "max-age=63072000; includeSubDomains" : null;
}

/**
 * What the production server adds to /v1 and /mcp answers, which bypass Next (and so its
 * headers and the proxy). They are JSON and event streams for API clients: no page to protect
 * with a CSP, but nosniff keeps a browser from rendering one as HTML. Built once at start, so
 * the hot path only copies a few constant pairs.
 */
export function gatewaySecurityHeaders(env: Env = process.env): ReadonlyArray<readonly [string, string]> {
  const hsts = strictTransportSecurity(env);
  return [["X-Content-Type-Options", "nosniff"], ...(hsts ? [["Strict-Transport-Security", hsts] as const] : [])];
}
