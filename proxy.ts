import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicyFor, newNonce } from "@/lib/security/content-security-policy";
import { strictTransportSecurity } from "@/lib/security/security-headers";

// Read from the environment at the first request, not at build time.
let fromEnv: { policyFor: (nonce: string) => string; hsts: string | null } | undefined;

/**
 * Every dashboard page and API answer gets a Content-Security-Policy with a fresh nonce. Next
 * reads the nonce from the policy on the request while rendering and puts it on its own scripts,
 * so they run and an injected script does not. The constant headers are in next.config.ts.
 */
export function proxy(request: NextRequest) {
  fromEnv ??= { policyFor: contentSecurityPolicyFor(), hsts: strictTransportSecurity() };
  const policy = fromEnv.policyFor(newNonce());
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  if (fromEnv.hsts) response.headers.set("strict-transport-security", fromEnv.hsts);
  return response;
}

export const config = {
  matcher: [
    {
      // Not the build's static files, and not the gateway's /v1 and /mcp: API clients, no pages,
      // and the hot path (the production server sends them past Next anyway).
      source: "/((?!_next/static|_next/image|favicon.ico|v1/|mcp$).*)",
      // A prefetch is not a page load: its payload runs under the policy of the page that asked.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
