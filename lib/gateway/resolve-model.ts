import type { CatalogEntry, OrgSnapshot } from "./gateway-cache";
import { GatewayError } from "./gateway-error";
import type { Principal } from "./principal";

/** The models a principal may use: the org catalog, narrowed by the key's own allowlist. */
export function usableModels(snapshot: OrgSnapshot, principal: Principal): CatalogEntry[] {
  const all = [...snapshot.models.values()];
  if (principal.type !== "api_key" || principal.key.modelAllowlist.length === 0) return all;
  const allowed = new Set(principal.key.modelAllowlist);
  return all.filter((model) => allowed.has(model.publicName));
}

/** The catalog entry for a requested model name, or OpenAI's 404 `model_not_found`. */
export function resolveModel(snapshot: OrgSnapshot, principal: Principal, name: string, kind: CatalogEntry["kind"]): CatalogEntry {
  const entry = usableModels(snapshot, principal).find((model) => model.publicName === name);
  if (!entry || entry.kind !== kind) {
    throw new GatewayError(
      404,
      `The model '${name}' does not exist or you do not have access to it. GET /v1/models lists the models this key may use.`,
      "invalid_request_error",
      "model_not_found",
      "model",
    );
  }
  return entry;
}
