/**
 * CSRF protection for the dashboard's cookie-authenticated route handlers (app/api/orgs/**).
 * A browser attaches the session cookie to requests another site triggers (SameSite=Lax still
 * lets a sibling subdomain through), so a handler that acts for the signed-in user refuses any
 * request the browser says another site made.
 *
 * The rest of the app is covered elsewhere or not exposed:
 * - Server actions (every dashboard form): Next compares Origin with Host and refuses a mismatch.
 * - Auth.js routes (/api/auth/*): a CSRF token in a cookie and the form body, checked by Auth.js.
 * - /v1, /mcp and /api/v1 take an API key in the Authorization header, and the Stripe webhook a
 *   signature over its body: a browser never sends those on its own, so there is nothing to forge.
 */
export function isCrossSiteRequest(headers: Headers): boolean {
  // Fetch metadata, set by the browser and unforgeable by a page. "same-site" is refused too: a
  // sibling subdomain is another application as far as the dashboard is concerned.
  const site = headers.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  // Older browsers: the Origin header, sent on every cross-origin request and on same-origin POSTs.
  const origin = headers.get("origin");
  // Neither header: not a page in a browser, but a client holding the cookie itself (curl, a script).
  if (origin === null) return false;
  const host = requestHost(headers);
  return origin === "null" || host === null || hostOf(origin) !== host;
}

/** The caller's error JSON (403) for a cross-site request, or null to go on. */
export function refuseCrossSiteRequest(request: Request): Response | null {
  if (!isCrossSiteRequest(request.headers)) return null;
  return Response.json({ error: { message: "Cross-site request refused." } }, { status: 403 });
}

// The host the browser addressed: the proxy's X-Forwarded-Host (its first value), else Host,
// as Next's own server-action check reads it.
function requestHost(headers: Headers): string | null {
  return headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
