/**
 * Approved-model access through the official `openai` client: a catalog model nobody approved is
 * 403 `model_not_approved` saying where to ask; approved for a tag it works for keys with that
 * tag only; a key's own allowlist narrows further; GET /v1/models lists exactly what a key may use.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveAccessRequest, decideModel, requestModelAccess } from "@/lib/catalog/approval-service";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import type { OrgContext } from "@/lib/orgs/org-access";
import { createProvider } from "@/lib/providers/provider-service";
import { startMockOpenAi, type MockOpenAi } from "../fixtures/mock-openai";
import { keyWithTags, memberOf, signedUpOwner } from "./factories";

process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstream listens on loopback
process.env.APP_URL = "https://gateway.example.com"; // the refusal links to the dashboard there

let upstream: MockOpenAi;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let owner: OrgContext;
let member: OrgContext;
const models: Record<string, string> = {};

const clientFor = (apiKey: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 });
const hello = (client: OpenAI, model: string) => client.chat.completions.create({ model, messages: [{ role: "user", content: "hello" }] });
const listed = async (client: OpenAI) => (await client.models.list()).data.map((m) => m.id).sort();

beforeAll(async () => {
  upstream = await startMockOpenAi({ apiKey: "sk-upstream" });
  gateway = await startGatewayServer();
  owner = (await signedUpOwner("gw-approvals")).ctx;
  member = (await memberOf(owner, "member")).ctx;
  const db = await getDb();
  const provider = await createProvider(db, owner, { name: "Mock", kind: "openai_compatible", baseUrl: upstream.url, apiKey: "sk-upstream" });
  for (const [publicName, approveForAllKeys] of [["approved", true], ["reviewed", false], ["embed-new", false]] as const) {
    const kind = publicName.startsWith("embed") ? "embedding" : "chat";
    const model = await publishModel(db, owner, { publicName, providerId: provider.id, upstreamModel: kind === "chat" ? "gpt-4o-mini" : "text-embedding-3-small", kind, approveForAllKeys });
    models[publicName] = model.id;
  }
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe("approved-model access on /v1", () => {
  it("answers 403 model_not_approved for a catalog model not approved, saying where to ask, and never reaches the provider", async () => {
    const { key } = await keyWithTags(owner, "plain", []);
    const client = clientFor(key);
    const sent = upstream.requests.length;
    const refusal = await hello(client, "reviewed").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(refusal).toMatchObject({ status: 403, code: "model_not_approved", type: "invalid_request_error", param: "model" });
    expect((refusal as Error).message).toContain(
      `The model 'reviewed' is not approved for this API key. Ask an admin of ${owner.org.slug} to approve it: request access on the Models page of the dashboard, https://gateway.example.com/${owner.org.slug}/models.`,
    );
    await expect(client.embeddings.create({ model: "embed-new", input: "x" })).rejects.toMatchObject({ status: 403, code: "model_not_approved" });
    // Not in the catalog at all stays 404.
    await expect(hello(client, "nowhere")).rejects.toMatchObject({ status: 404, code: "model_not_found" });
    expect(upstream.requests.length).toBe(sent);
    expect((await hello(client, "approved")).choices[0]!.message.content).toBe("You said: hello");
  });

  it("serves a model approved for a tag to keys with that tag, not to keys without it", async () => {
    const tagged = clientFor((await keyWithTags(owner, "data app", ["team:data", "env:prod"])).key);
    const untagged = clientFor((await keyWithTags(owner, "web app", ["team:web"])).key);
    await expect(hello(tagged, "reviewed")).rejects.toMatchObject({ status: 403, code: "model_not_approved" });

    const db = await getDb();
    const request = await requestModelAccess(db, member, { modelId: models.reviewed!, reason: "Summaries for the data team.", scope: { keyIds: [], keyTags: ["team:data"] } });
    await approveAccessRequest(db, owner, request.id, { note: "Data team only" });

    expect((await hello(tagged, "reviewed")).choices[0]!.message.content).toBe("You said: hello");
    await expect(hello(untagged, "reviewed")).rejects.toMatchObject({ status: 403, code: "model_not_approved" });
    expect(await listed(tagged)).toEqual(["approved", "reviewed"]);
    expect(await listed(untagged)).toEqual(["approved"]);
  });

  it("narrows by the key's own allowlist, and lists exactly what each key may use", async () => {
    const db = await getDb();
    await decideModel(db, owner, { modelId: models["embed-new"]!, decision: "approve", note: undefined, scope: { keyIds: [], keyTags: [] } });
    const everything = clientFor((await keyWithTags(owner, "all", ["team:data"])).key);
    const narrow = clientFor((await keyWithTags(owner, "narrow", ["team:data"], { modelAllowlist: ["reviewed"] })).key);
    // On its allowlist but not approved for it: the approval still decides.
    const allowedNotApproved = clientFor((await keyWithTags(owner, "allowlisted", [], { modelAllowlist: ["reviewed"] })).key);

    expect(await listed(everything)).toEqual(["approved", "embed-new", "reviewed"]);
    expect(await listed(narrow)).toEqual(["reviewed"]);
    expect(await listed(allowedNotApproved)).toEqual([]);
    await expect(hello(narrow, "approved")).rejects.toMatchObject({ status: 404, code: "model_not_found" });
    expect((await hello(narrow, "reviewed")).choices[0]!.message.content).toBe("You said: hello");
    await expect(hello(allowedNotApproved, "reviewed")).rejects.toMatchObject({ status: 403, code: "model_not_approved" });
    expect((await everything.embeddings.create({ model: "embed-new", input: "x" })).data).toHaveLength(1);
  });

  it("stops serving at once when an approval is revoked", async () => {
    const client = clientFor((await keyWithTags(owner, "revoked-later", [])).key);
    expect((await hello(client, "approved")).choices).toHaveLength(1);
    await decideModel(await getDb(), owner, { modelId: models.approved!, decision: "revoke", note: "Budget", scope: { keyIds: [], keyTags: [] } });
    await expect(hello(client, "approved")).rejects.toMatchObject({ status: 403, code: "model_not_approved" });
    expect(await listed(client)).toEqual(["embed-new"]);
  });
});
