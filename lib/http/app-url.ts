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
