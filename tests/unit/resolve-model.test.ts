import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ModelApproval } from "@/lib/catalog/model-approval";
import type { CatalogEntry, KeyRecord, OrgSnapshot } from "@/lib/gateway/gateway-cache";
import { GatewayError } from "@/lib/gateway/gateway-error";
import type { Principal } from "@/lib/gateway/principal";
import { resolveModel, usableModels } from "@/lib/gateway/resolve-model";

const entry = (publicName: string, approval: ModelApproval, kind: CatalogEntry["kind"] = "chat") =>
  ({ publicName, kind, upstreamModel: `${publicName}-1`, createdAt: new Date(0), approval, target: {} }) as unknown as CatalogEntry;

const snapshot = {
  org: { id: "org1", slug: "acme", promptStorage: "none" },
  models: new Map(
    [
      entry("open", { state: "approved", keyIds: [], keyTags: [] }),
      entry("data-only", { state: "approved", keyIds: [], keyTags: ["team:data"] }),
      entry("new", { state: "unreviewed", keyIds: [], keyTags: [] }),
      entry("no", { state: "denied", keyIds: [], keyTags: [] }),
      entry("embed", { state: "approved", keyIds: [], keyTags: [] }, "embedding"),
    ].map((model) => [model.publicName, model]),
  ),
} as unknown as OrgSnapshot;

const keyPrincipal = (overrides: Partial<KeyRecord> = {}): Principal => ({
  type: "api_key",
  orgId: "org1",
  key: { id: "k1", orgId: "org1", name: "app", prefix: "gw", scopes: ["gateway"], modelAllowlist: [], tags: [], expiresAt: null, revokedAt: null, lastUsedAt: null, createdById: "u1", requestsPerMinute: null, tokensPerMinute: null, ...overrides },
});
const user: Principal = { type: "user", orgId: "org1", userId: "u1" };

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

// The message links to the dashboard through APP_URL (or AUTH_URL); each test sets what it needs.
const saved = { APP_URL: process.env.APP_URL, AUTH_URL: process.env.AUTH_URL };
beforeEach(() => {
  delete process.env.APP_URL;
  delete process.env.AUTH_URL;
});
afterEach(() => Object.assign(process.env, saved));

describe("usableModels", () => {
  it("lists exactly what each caller may use", () => {
    const names = (principal: Principal) => usableModels(snapshot, principal).map((model) => model.publicName);
    expect(names(keyPrincipal())).toEqual(["open", "embed"]);
    expect(names(keyPrincipal({ tags: ["team:data"] }))).toEqual(["open", "data-only", "embed"]);
    expect(names(keyPrincipal({ tags: ["team:data"], modelAllowlist: ["data-only", "new"] }))).toEqual(["data-only"]);
    // The playground: org-wide approvals only, even for a model approved for some tag.
    expect(names(user)).toEqual(["open", "embed"]);
  });
});

describe("resolveModel", () => {
  it("serves an approved model", () => {
    expect(resolveModel(snapshot, keyPrincipal({ tags: ["team:data"] }), "data-only", "chat").upstreamModel).toBe("data-only-1");
  });

  it("answers 403 model_not_approved, with where to ask, for a catalog model not approved for the caller", () => {
    process.env.APP_URL = "https://gw.example.com/";
    for (const name of ["new", "no", "data-only"]) {
      const error = refusal(() => resolveModel(snapshot, keyPrincipal(), name, "chat"));
      expect(error.toJSON()).toEqual({
        error: {
          message: `The model '${name}' is not approved for this API key. Ask an admin of acme to approve it: request access on the Models page of the dashboard, https://gw.example.com/acme/models.`,
          type: "invalid_request_error",
          param: "model",
          code: "model_not_approved",
        },
      });
      expect(error.status).toBe(403);
    }
    const forUser = refusal(() => resolveModel(snapshot, user, "data-only", "chat"));
    expect(forUser.code).toBe("model_not_approved");
    expect(forUser.message).toContain("playground");
  });

  it("points at the dashboard path when no public URL is configured", () => {
    expect(refusal(() => resolveModel(snapshot, keyPrincipal(), "new", "chat")).message).toContain("the dashboard, /acme/models.");
  });

  it("keeps 404 model_not_found for names not in the catalog, the wrong kind, or off the key's allowlist", () => {
    expect(refusal(() => resolveModel(snapshot, keyPrincipal(), "missing", "chat"))).toMatchObject({ status: 404, code: "model_not_found" });
    expect(refusal(() => resolveModel(snapshot, keyPrincipal(), "embed", "chat"))).toMatchObject({ status: 404, code: "model_not_found" });
    expect(refusal(() => resolveModel(snapshot, keyPrincipal({ modelAllowlist: ["open"] }), "new", "chat"))).toMatchObject({ status: 404, code: "model_not_found" });
  });
});
