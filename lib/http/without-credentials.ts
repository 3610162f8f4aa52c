/**
 * What an upstream writes back (an error's message, the reason a listing failed) is passed on to
 * callers, shown on pages and kept in audit rows. Some upstreams echo the request's headers in
 * their errors, so the credentials the gateway sent are cut out of such text first: each value as
 * sent, and without its auth scheme (`Bearer <token>` → the token too). Values under 8 characters
 * are left alone: cutting them would garble ordinary words and they are not real credentials.
 */
const MIN_CREDENTIAL_LENGTH = 8;
const MARKER = "[credential]";

export function withoutCredentials(text: string, credentials: Iterable<string | null | undefined>): string {
  const secrets = new Set<string>();
  for (const credential of credentials) {
    if (!credential) continue;
    secrets.add(credential);
    const scheme = /^[A-Za-z-]+\s+(\S.*)$/.exec(credential);
    if (scheme) secrets.add(scheme[1]!);
  }
  let result = text;
  // Longest first, so a whole `Bearer <token>` becomes one marker rather than `Bearer [credential]`.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= MIN_CREDENTIAL_LENGTH) result = result.split(secret).join(MARKER);
  }
  return result;
}

/** The headers that carry a provider's credential, by the kinds the gateway speaks. */
const CREDENTIAL_HEADERS = new Set(["authorization", "api-key", "x-api-key", "x-goog-api-key"]);

/** The credential values among headers sent to a provider. */
export function credentialValues(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name]) => CREDENTIAL_HEADERS.has(name.toLowerCase()))
    .map(([, value]) => value);
}
