import { auditBufferFull } from "@/lib/audit/audit-writer";
import { databaseIsUp, outageMode } from "@/lib/db/availability";
import { getDb } from "@/lib/db/client";
import { hashApiKey, looksLikeApiKey } from "@/lib/keys/api-key-token";
import { findKeyByHash, type KeyRecord } from "./gateway-cache";
import { auditBacklog, databaseUnavailable, GatewayError } from "./gateway-error";

/** Who is calling the gateway: an API key, or a dashboard user in the playground. */
export type Principal =
  | { type: "api_key"; orgId: string; key: KeyRecord }
  | { type: "user"; orgId: string; userId: string };

/** The key facts policy rules can be conditioned on (none for a dashboard user). */
export function keyFacts(principal: Principal): { keyId?: string; keyTags?: string[] } {
  return principal.type === "api_key" ? { keyId: principal.key.id, keyTags: principal.key.tags } : {};
}

const unauthorized = (message: string, code = "invalid_api_key") => new GatewayError(401, message, "invalid_request_error", code);

/** Reads `Authorization: Bearer <key>` and checks the key is live and holds `scope`. */
export async function authenticateApiKey(request: Request, scope: "gateway" | "mcp" | "admin"): Promise<Principal & { type: "api_key" }> {
  // Fail closed (the default): with the database down, nothing is served on cached say-so.
  if (!databaseIsUp() && outageMode() === "fail_closed") throw databaseUnavailable();
  if (auditBufferFull()) throw auditBacklog(); // nothing is served that could not be recorded
  const header = request.headers.get("authorization") ?? "";
  const token = header.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) throw unauthorized("Send your API key as 'Authorization: Bearer <key>'.", "missing_api_key");
  const key = looksLikeApiKey(token) ? await findKeyByHash(hashApiKey(token)) : null;
  if (!key) throw unauthorized("The API key is not valid.");
  if (key.revokedAt) throw unauthorized("This API key was revoked.", "api_key_revoked");
  if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) throw unauthorized("This API key has expired.", "api_key_expired");
  if (!key.scopes.includes(scope)) {
    throw new GatewayError(403, `This API key lacks the '${scope}' scope.`, "permission_error", "insufficient_scope");
  }
  touchLastUsed(key);
  return { type: "api_key", orgId: key.orgId, key };
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** Records use at most once a minute per key, without the request waiting for the write. */
function touchLastUsed(key: KeyRecord) {
  if (key.lastUsedAt && Date.now() - key.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  if (!databaseIsUp()) return; // a bookkeeping write; the next use after the outage records it
  const now = new Date();
  key.lastUsedAt = now;
  void getDb()
    .then((db) => db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now }, select: { id: true } }))
    .catch((error: Error) => console.error(`[gateway] could not record key use: ${error.message}`));
}
