/**
 * The public base URL for links we hand out (invites). APP_URL wins; otherwise the host the
 * request came in on, which is right for a single server and for a proxy that sets X-Forwarded-*.
 */
export function appUrl(headers: Headers): string {
  if (process.env.APP_URL) return process.env.APP_URL.replace(/\/+$/, "");
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

/**
 * A dashboard link for messages that leave the request (API errors): absolute when the public URL
 * is configured (APP_URL, or AUTH_URL without its /api/auth), else the path alone.
 */
export function dashboardLink(path: string): string {
  const base = (process.env.APP_URL ?? process.env.AUTH_URL ?? "").replace(/\/+$/, "").replace(/\/api\/auth$/, "");
  return `${base}${path}`;
}
