import { allowlistAdmits, approvalCoversKey, approvedOrgWide } from "@/lib/catalog/model-approval";
import { dashboardLink } from "@/lib/http/app-url";
import type { CatalogEntry, OrgSnapshot } from "./gateway-cache";
import { GatewayError } from "./gateway-error";
import type { Principal } from "./principal";

/**
 * Whether the model's approval reaches this caller. An API key rides on an org-wide approval or
 * one naming its id or a tag of it. A signed-in user in the playground has no key, hence no id or
 * tags to match, so only org-wide approvals count for them: a model approved for `team:data`
 * alone must not be reachable by every member through the dashboard.
 */
function approvedFor(model: CatalogEntry, principal: Principal): boolean {
  return principal.type === "api_key" ? approvalCoversKey(model.approval, principal.key) : approvedOrgWide(model.approval);
}

/** A key's own allowlist narrows what its approvals allow; users have none. */
function admittedBy(principal: Principal, publicName: string): boolean {
  return principal.type !== "api_key" || allowlistAdmits(principal.key, publicName);
}

/** The models a principal may use: approved for it, and on the key's allowlist if it has one. */
export function usableModels(snapshot: OrgSnapshot, principal: Principal): CatalogEntry[] {
  return [...snapshot.models.values()].filter((model) => approvedFor(model, principal) && admittedBy(principal, model.publicName));
}

/**
 * The catalog entry for a requested model name. Not in the catalog (or of another kind, or left
 * out by the key's own allowlist, which asking an admin would not change): OpenAI's 404
 * `model_not_found`. In the catalog but not approved for this caller: 403 `model_not_approved`,
 * saying where to ask for it.
 */
export function resolveModel(snapshot: OrgSnapshot, principal: Principal, name: string, kind: CatalogEntry["kind"]): CatalogEntry {
  const entry = snapshot.models.get(name);
  if (!entry || entry.kind !== kind || !admittedBy(principal, name)) {
    throw new GatewayError(
      404,
      `The model '${name}' does not exist or you do not have access to it. GET /v1/models lists the models this key may use.`,
      "invalid_request_error",
      "model_not_found",
      "model",
    );
  }
  if (!approvedFor(entry, principal)) throw notApproved(name, snapshot.org.slug, principal);
  return entry;
}

function notApproved(name: string, orgSlug: string, principal: Principal): GatewayError {
  const who = principal.type === "api_key" ? "this API key" : "the playground (it uses models approved for every key)";
  return new GatewayError(
    403,
    `The model '${name}' is not approved for ${who}. Ask an admin of ${orgSlug} to approve it: request access on the Models page of the dashboard, ${modelsPageUrl(orgSlug)}.`,
    "invalid_request_error",
    "model_not_approved",
    "model",
  );
}

/** The dashboard's Models page: absolute when the public URL is configured, else the path. */
function modelsPageUrl(orgSlug: string): string {
  return dashboardLink(`/${orgSlug}/models`);
}
