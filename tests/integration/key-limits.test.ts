/**
 * Key tags and limits, and org quotas, as the dashboard and the management API set them: the key
 * form read into its schema as the server action does, the services (permissions, tenancy,
 * gateway cache invalidation) and the management API's keys resource.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { findKeyByHash, orgSnapshot } from "@/lib/gateway/gateway-cache";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { hashApiKey } from "@/lib/keys/api-key-token";
import { readKeyForm, readKeyLimitsForm } from "@/lib/keys/key-form";
import { createApiKey, getApiKey, listApiKeys, updateApiKeyLimits } from "@/lib/keys/key-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { getOrgQuotas, setOrgQuotas } from "@/lib/orgs/org-quotas";
import { fieldErrorsOf } from "@/lib/schemas/form";
import { apiKeyInputSchema } from "@/lib/schemas/gateway-admin";
import { keyLimitsSchema, orgQuotasSchema } from "@/lib/schemas/limits";
import { memberOf, signedUpOwner } from "./factories";

let ctx: OrgContext;

function keyForm(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries({ name: "checkout", scopes: ["gateway"], ...fields })) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  }
  return form;
}

/** What the create-key server action hands back for this form: its field errors, or the parsed input. */
function submitKeyForm(fields: Record<string, string | string[]>) {
  const parsed = apiKeyInputSchema.safeParse(readKeyForm(keyForm(fields)));
  return parsed.success ? { input: parsed.data, fieldErrors: undefined } : { input: undefined, fieldErrors: fieldErrorsOf(parsed.error) };
}

beforeAll(async () => {
  ctx = (await signedUpOwner("limits")).ctx;
});

describe("the create-key form", () => {
  it("reads comma-separated tags and empty limits as none", () => {
    const { input } = submitKeyForm({ tags: " team:data, env:prod,, team:data ", requestsPerMinute: "", tokensPerMinute: " 20000 " });
    expect(input).toMatchObject({ tags: ["team:data", "env:prod"], requestsPerMinute: null, tokensPerMinute: 20_000 });
    expect(submitKeyForm({}).input).toMatchObject({ tags: [], requestsPerMinute: null, tokensPerMinute: null });
  });

  it("answers bad tags and limits with field errors that name the problem", () => {
    const { fieldErrors } = submitKeyForm({ tags: "team:data, Env:Prod, has space, :x", requestsPerMinute: "0", tokensPerMinute: "lots" });
    expect(fieldErrors?.tags).toEqual([expect.stringContaining('"Env:Prod", "has space", ":x"')]);
    expect(fieldErrors?.tags?.[0]).toContain("lower-case name or name:value");
    expect(fieldErrors?.requestsPerMinute).toEqual(["Enter a whole number greater than 0, or leave it empty for no limit."]);
    expect(fieldErrors?.tokensPerMinute).toEqual(["Enter a whole number greater than 0, or leave it empty for no limit."]);
    expect(submitKeyForm({ requestsPerMinute: "2.5" }).fieldErrors?.requestsPerMinute).toHaveLength(1);
    expect(submitKeyForm({ tokensPerMinute: "3000000000" }).fieldErrors?.tokensPerMinute).toEqual(["Use at most 2147483647."]);
  });

  it("allows at most 20 tags of at most 64 characters", () => {
    const many = Array.from({ length: 21 }, (_, index) => `t${index}`).join(",");
    expect(submitKeyForm({ tags: many }).fieldErrors?.tags).toEqual(["Use at most 20 tags (21 given)."]);
    expect(submitKeyForm({ tags: Array.from({ length: 20 }, (_, index) => `t${index}`).join(",") }).fieldErrors).toBeUndefined();
    expect(submitKeyForm({ tags: `team:${"x".repeat(59)}` }).fieldErrors).toBeUndefined();
    expect(submitKeyForm({ tags: `team:${"x".repeat(60)}` }).fieldErrors?.tags?.[0]).toContain("at most 64 characters");
  });

  it("creates the key with its tags and limits, listed as saved", async () => {
    const { input } = submitKeyForm({ name: "tagged", tags: "team:data", requestsPerMinute: "60", tokensPerMinute: "" });
    const { apiKey } = await createApiKey(await getDb(), ctx, input!);
    expect(apiKey).toMatchObject({ tags: ["team:data"], requestsPerMinute: 60, tokensPerMinute: null });
    const listed = (await listApiKeys(await getDb(), ctx)).find((key) => key.id === apiKey.id);
    expect(listed).toMatchObject({ tags: ["team:data"], requestsPerMinute: 60, tokensPerMinute: null });
  });
});

describe("editing a key's tags and limits", () => {
  it("saves them and the gateway's cached copy of the key follows at once", async () => {
    const db = await getDb();
    const { apiKey, key } = await createApiKey(db, ctx, { name: "edit me", scopes: ["gateway"], modelAllowlist: [] });
    expect(await findKeyByHash(hashApiKey(key))).toMatchObject({ requestsPerMinute: null, tags: [] }); // now cached

    const form = new FormData();
    form.set("tags", "env:prod");
    form.set("requestsPerMinute", "5");
    form.set("tokensPerMinute", "1000");
    await updateApiKeyLimits(db, ctx, apiKey.id, keyLimitsSchema.parse(readKeyLimitsForm(form)));
    expect(await findKeyByHash(hashApiKey(key))).toMatchObject({ tags: ["env:prod"], requestsPerMinute: 5, tokensPerMinute: 1000 });

    await updateApiKeyLimits(db, ctx, apiKey.id, { tags: [], requestsPerMinute: null, tokensPerMinute: null });
    expect(await getApiKey(db, ctx, apiKey.id)).toMatchObject({ tags: [], requestsPerMinute: null, tokensPerMinute: null });
  });

  it("is for admins of the key's own org only", async () => {
    const db = await getDb();
    const { apiKey } = await createApiKey(db, ctx, { name: "guarded", scopes: ["gateway"], modelAllowlist: [] });
    const change = { tags: [], requestsPerMinute: 1, tokensPerMinute: null };
    const { ctx: other } = await signedUpOwner("limits-other");
    await expect(updateApiKeyLimits(db, other, apiKey.id, change)).rejects.toBeInstanceOf(NotFoundError);
    const { ctx: member } = await memberOf(ctx, "member");
    await expect(updateApiKeyLimits(db, member, apiKey.id, change)).rejects.toBeInstanceOf(ForbiddenError);
    const { ctx: admin } = await memberOf(ctx, "admin");
    await updateApiKeyLimits(db, admin, apiKey.id, change);
    expect((await getApiKey(db, ctx, apiKey.id)).requestsPerMinute).toBe(1);
  });
});

describe("org quotas", () => {
  it("are set by owners and admins from the settings form, and the org snapshot follows", async () => {
    const db = await getDb();
    expect((await orgSnapshot(ctx.org.id)).org).toMatchObject({ monthlyRequestQuota: null, monthlyTokenQuota: null }); // now cached
    const parsed = orgQuotasSchema.safeParse({ monthlyRequestQuota: "100000", monthlyTokenQuota: "" });
    expect(parsed.success).toBe(true);
    await setOrgQuotas(db, ctx, parsed.data!);
    expect(await getOrgQuotas(db, ctx)).toEqual({ monthlyRequestQuota: 100_000, monthlyTokenQuota: null });
    expect((await orgSnapshot(ctx.org.id)).org).toMatchObject({ monthlyRequestQuota: 100_000, monthlyTokenQuota: null });

    const { ctx: member } = await memberOf(ctx, "member");
    await expect(setOrgQuotas(db, member, { monthlyRequestQuota: null, monthlyTokenQuota: null })).rejects.toBeInstanceOf(ForbiddenError);
    const invalid = orgQuotasSchema.safeParse({ monthlyRequestQuota: "-3", monthlyTokenQuota: "1e99" });
    expect(fieldErrorsOf(invalid.error!)).toEqual({
      monthlyRequestQuota: ["Enter a whole number greater than 0, or leave it empty for no limit."],
      monthlyTokenQuota: ["Enter a whole number greater than 0, or leave it empty for no limit."],
    });
  });
});

describe("the management API's keys", () => {
  let server: Awaited<ReturnType<typeof startGatewayServer>>;
  let adminKey: string;
  const api = (path: string, init: RequestInit & { key?: string } = {}) =>
    fetch(`${server.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${init.key ?? adminKey}`, "content-type": "application/json" } });

  beforeAll(async () => {
    server = await startGatewayServer();
    adminKey = (await createApiKey(await getDb(), ctx, { name: "terraform", scopes: ["admin"], modelAllowlist: [] })).key;
  });
  afterAll(async () => server?.close());

  it("creates, reads and partly updates tags and limits", async () => {
    const created = await api("/keys", { method: "POST", body: JSON.stringify({ name: "ci", tags: ["team:data"], requests_per_minute: 30 }) });
    expect(created.status).toBe(201);
    const key = await created.json();
    expect(key).toMatchObject({ tags: ["team:data"], requests_per_minute: 30, tokens_per_minute: null });

    const patched = await api(`/keys/${key.id}`, { method: "PATCH", body: JSON.stringify({ tokens_per_minute: 9000 }) });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ tags: ["team:data"], requests_per_minute: 30, tokens_per_minute: 9000 });

    await api(`/keys/${key.id}`, { method: "PATCH", body: JSON.stringify({ requests_per_minute: null, tags: [] }) });
    expect(await (await api(`/keys/${key.id}`)).json()).toMatchObject({ tags: [], requests_per_minute: null, tokens_per_minute: 9000 });
    const listed = await (await api("/keys")).json();
    expect(listed.data.find((item: { id: string }) => item.id === key.id)).toMatchObject({ tokens_per_minute: 9000 });
  });

  it("refuses bad tags and limits with field errors, and another org's key with 404", async () => {
    const badTags = await api("/keys", { method: "POST", body: JSON.stringify({ name: "x", tags: ["Team:Data"] }) });
    expect(badTags.status).toBe(400);
    expect((await badTags.json()).error).toMatchObject({ code: "invalid_value", param: "tags", field_errors: { tags: [expect.stringContaining('"Team:Data"')] } });
    const zero = await api("/keys", { method: "POST", body: JSON.stringify({ name: "x", tokens_per_minute: 0 }) });
    expect(zero.status).toBe(400);
    expect((await zero.json()).error.param).toBe("tokens_per_minute");

    const { ctx: other } = await signedUpOwner("limits-api-other");
    const { apiKey } = await createApiKey(await getDb(), other, { name: "theirs", scopes: ["gateway"], modelAllowlist: [] });
    expect((await api(`/keys/${apiKey.id}`, { method: "PATCH", body: JSON.stringify({ requests_per_minute: 1 }) })).status).toBe(404);
    expect((await api(`/keys/${apiKey.id}`)).status).toBe(404);
    expect((await getApiKey(await getDb(), other, apiKey.id)).requestsPerMinute).toBeNull();
  });

  it("describes them in the OpenAPI document", async () => {
    const document = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const update = document.paths["/keys/{id}"].patch;
    expect(Object.keys(update.requestBody.content["application/json"].schema.properties).sort()).toEqual(["requests_per_minute", "tags", "tokens_per_minute"]);
    const listed = document.paths["/keys"].get.responses["200"].content["application/json"].schema.properties.data.items;
    expect(listed.required).toEqual(expect.arrayContaining(["tags", "requests_per_minute", "tokens_per_minute"]));
  });
});
