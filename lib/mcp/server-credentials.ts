import { decryptSecret, encryptSecret, secretHint } from "@/lib/crypto/secret-box";

/**
 * An MCP server's credentials are the headers sent to it (a bearer token becomes
 * `Authorization: Bearer …`), stored as one AES-256-GCM encrypted JSON object bound to the org,
 * with hints (name and last four characters) to recognise them without revealing them.
 */
const context = (orgId: string) => `mcp-server-headers:${orgId}`;

export function credentialHeaders(input: { bearerToken?: string; headers?: Record<string, string> }): Record<string, string> {
  const headers = { ...(input.headers ?? {}) };
  if (input.bearerToken) {
    for (const name of Object.keys(headers)) if (name.toLowerCase() === "authorization") delete headers[name];
    headers.Authorization = `Bearer ${input.bearerToken}`;
  }
  return headers;
}

export function sealHeaders(orgId: string, headers: Record<string, string>): { encryptedHeaders: string | null; headerHints: string[] } {
  const names = Object.keys(headers);
  if (names.length === 0) return { encryptedHeaders: null, headerHints: [] };
  return {
    encryptedHeaders: encryptSecret(JSON.stringify(headers), context(orgId)),
    headerHints: names.sort().map((name) => `${name} ${secretHint(headers[name]!)}`),
  };
}

export function openHeaders(orgId: string, encryptedHeaders: string | null): Record<string, string> {
  return encryptedHeaders ? (JSON.parse(decryptSecret(encryptedHeaders, context(orgId))) as Record<string, string>) : {};
}
