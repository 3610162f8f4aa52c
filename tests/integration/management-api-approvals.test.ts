/**
 * The management API's approvals: publishing unreviewed, access requests (create, list by status,
 * approve with a scope, deny with a note), direct decisions on a model, validation, conflicts, and
 * another org's key touching nothing.
 */
import { compileErrors, validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import { createProvider } from "@/lib/providers/provider-service";
import { signedUpOwner } from "./factories";

let server: Awaited<ReturnType<typeof startGatewayServer>>;
let adminKey: string;
let ownerEmail: string;
let providerId: string;

const api = (path: string, init: RequestInit & { key?: string } = {}) =>
  fetch(`${server.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${init.key ?? adminKey}`, "content-type": "application/json", ...init.headers } });
const post = (path: string, body: unknown, key?: string) => api(path, { method: "POST", body: JSON.stringify(body), key });

async function unreviewed(name: string) {
  const response = await post("/models", { public_name: name, provider_id: providerId, upstream_model: "echo-1", approve: false });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; approval: { state: string } };
}

beforeAll(async () => {
  server = await startGatewayServer();
  const { ctx, user } = await signedUpOwner("mgmt-approvals");
  ownerEmail = user.email;
  const db = await getDb();
  adminKey = (await createApiKey(db, ctx, { name: "terraform", scopes: ["admin"], modelAllowlist: [] })).key;
  providerId = (await createProvider(db, ctx, { name: "Echo", kind: "echo" })).id;
});

afterAll(async () => {
  await server?.close();
});

describe("management API: approvals", () => {
  it("publishes approved by default, or unreviewed with approve: false", async () => {
    const approved = await (await post("/models", { public_name: "approved-now", provider_id: providerId, upstream_model: "echo-1" })).json();
    expect(approved.approval).toMatchObject({ state: "approved", key_ids: [], key_tags: [], decided_by: { email: ownerEmail }, note: null });
    expect(approved.approval.decided_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await unreviewed("waits")).approval).toMatchObject({ state: "unreviewed", decided_by: null, decided_at: null });
  });

  it("creates, lists, approves (scoped) and denies access requests", async () => {
    const model = await unreviewed("asked-for");
    const short = await post("/access-requests", { model_id: model.id, reason: "pls" });
    expect(short.status).toBe(400);
    expect((await short.json()).error.field_errors).toEqual({ reason: ["Say in at least 10 characters what you need the model for."] });

    const created = await post("/access-requests", { model_id: model.id, reason: "Nightly summaries for the data team.", key_tags: ["team:data"] });
    expect(created.status).toBe(201);
    const request = await created.json();
    expect(request).toMatchObject({ status: "pending", model: { id: model.id, public_name: "asked-for" }, requester: { email: ownerEmail }, key_ids: [], key_tags: ["team:data"], decided_by: null });

    const duplicate = await post("/access-requests", { model_id: model.id, reason: "Same again, for the same tag.", key_tags: ["team:data"] });
    expect(duplicate.status).toBe(409);
    expect((await duplicate.json()).error.message).toContain("already waiting for an admin");

    const pending = await (await api("/access-requests?status=pending")).json();
    expect(pending.data.map((r: { id: string }) => r.id)).toEqual([request.id]);
    expect((await (await api("/access-requests?status=approved")).json()).data).toEqual([]);
    const badStatus = await api("/access-requests?status=maybe");
    expect(badStatus.status).toBe(400);
    expect((await badStatus.json()).error.param).toBe("status");

    const approved = await post(`/access-requests/${request.id}/approve`, { note: "Data and prod", key_tags: ["team:data", "env:prod"] });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: "approved", note: "Data and prod", decided_by: { email: ownerEmail } });
    const listed = (await (await api("/models")).json()).data.find((m: { id: string }) => m.id === model.id);
    expect(listed.approval).toMatchObject({ state: "approved", key_ids: [], key_tags: ["env:prod", "team:data"], note: "Data and prod" });
    expect((await post(`/access-requests/${request.id}/deny`, { note: "too late" })).status).toBe(409);

    const second = await (await post("/access-requests", { model_id: model.id, reason: "Everyone should have it, really." })).json();
    const noNote = await post(`/access-requests/${second.id}/deny`, {});
    expect(noNote.status).toBe(400);
    expect((await noNote.json()).error).toMatchObject({ param: "note", message: "note: Say why you deny it." });
    const denied = await post(`/access-requests/${second.id}/deny`, { note: "Data team only." });
    expect(await denied.json()).toMatchObject({ status: "denied", note: "Data team only." });
    // Denying a request leaves an approved model as it was.
    expect((await (await api("/models")).json()).data.find((m: { id: string }) => m.id === model.id).approval.state).toBe("approved");
  });

  it("approves, revokes and denies a model directly", async () => {
    const model = await unreviewed("direct");
    expect((await post(`/models/${model.id}/revoke`, {})).status).toBe(409);
    const limitedToNothing = await post(`/models/${model.id}/approve`, { org_wide: false });
    expect(limitedToNothing.status).toBe(400);

    const scoped = await (await post(`/models/${model.id}/approve`, { key_tags: ["env:dev"], note: "trial" })).json();
    expect(scoped.approval).toMatchObject({ state: "approved", key_tags: ["env:dev"], note: "trial" });
    const everyone = await (await post(`/models/${model.id}/approve`, {})).json();
    expect(everyone.approval).toMatchObject({ state: "approved", key_ids: [], key_tags: [], note: null });

    const revoked = await (await post(`/models/${model.id}/revoke`, { note: "budget" })).json();
    expect(revoked.approval).toMatchObject({ state: "unreviewed", key_tags: [], note: "budget", decided_by: { email: ownerEmail } });
    expect((await post(`/models/${model.id}/deny`, {})).status).toBe(400);
    expect((await (await post(`/models/${model.id}/deny`, { note: "not for us" })).json()).approval).toMatchObject({ state: "denied", note: "not for us" });
  });

  it("keeps orgs apart: another org's admin key gets 404 on this org's requests and models", async () => {
    const model = await unreviewed("ours");
    const request = await (await post("/access-requests", { model_id: model.id, reason: "Our own request, nobody else's." })).json();
    const { ctx: other } = await signedUpOwner("mgmt-approvals-other");
    const otherKey = (await createApiKey(await getDb(), other, { name: "other", scopes: ["admin"], modelAllowlist: [] })).key;

    expect((await post(`/access-requests/${request.id}/approve`, {}, otherKey)).status).toBe(404);
    expect((await post(`/models/${model.id}/approve`, {}, otherKey)).status).toBe(404);
    expect((await post("/access-requests", { model_id: model.id, reason: "Let me use theirs, please." }, otherKey)).status).toBe(404);
    expect((await (await api("/access-requests", { key: otherKey })).json()).data).toEqual([]);
    expect((await (await api("/access-requests?status=pending")).json()).data.map((r: { id: string }) => r.id)).toContain(request.id);
    expect((await (await api("/models")).json()).data.find((m: { id: string }) => m.id === model.id).approval.state).toBe("unreviewed");
  });

  it("documents the approval routes in an OpenAPI document that validates", async () => {
    const document = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/access-requests", "/access-requests/{id}/approve", "/access-requests/{id}/deny", "/models/{id}/approve", "/models/{id}/deny", "/models/{id}/revoke"]),
    );
    const result = await validate(document);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  });
});
