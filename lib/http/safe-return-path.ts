/**
 * Where to send someone after sign-in. Only same-site paths are allowed, so a crafted link
 * (`?callbackUrl=https://evil.example`) cannot bounce a fresh session to another site.
 */
export function safeReturnPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  return value;
}
