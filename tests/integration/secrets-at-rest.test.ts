/**
 * What the database keeps of every secret the product handles, read with raw SQL (not through the
 * services, which could hide a leak by decrypting or masking on the way out): provider
 * credentials and MCP server credentials only encrypted, API keys and invite tokens only hashed
 * (with a short display prefix for keys), passwords only as argon2id hashes, and prompts, answers
 * and tool calls carrying planted secrets stored masked when the org keeps redacted text. Every
 * table is dumped as text and searched for each planted value, in the forms a leak could take.
 */
import { createHash } from "node:crypto";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushAudit } from "@/lib/audit/audit-writer";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import { createMcpServer } from "@/lib/mcp/server-service";
import { createInvite } from "@/lib/orgs/invite-service";
import { type OrgContext, resolveOrgAccess } from "@/lib/orgs/org-access";
import { setPromptStorage } from "@/lib/orgs/org-service";
import { savePolicy } from "@/lib/policy/policy-service";
import { createProvider } from "@/lib/providers/provider-service";
import { signUp } from "@/lib/users/sign-up";
import { startMockEchoingUpstream, type MockEchoingUpstream } from "../fixtures/mock-echoing-upstream";
import { startMockMcpUpstream, type MockMcpUpstream } from "../fixtures/mock-mcp-upstream";
import { startMockOpenAi, type MockOpenAi } from "../fixtures/mock-openai";
import { apiKeyPieces, findPlanted, PLANTED } from "../fixtures/planted-secrets";
import { signedUpOwner, uniqueEmail } from "./factories";
import { approveAndGrant, connectClient } from "./mcp/mcp-world";

process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstreams listen on loopback

const PROMPT = `Deploy with AWS key ${PLANTED.awsAccessKeyId}, bill card ${PLANTED.cardNumber}, and log in with password=${PLANTED.promptPassword} please.`;

let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let upstream: MockOpenAi;
let echoing: MockEchoingUpstream;
let mcpUpstream: MockMcpUpstream;
let redacting: OrgContext;
let fullText: OrgContext;
let key: string;
let fullTextKey: string;
let inviteToken: string;
let echoedError: unknown;
const providerIds: string[] = [];

/** Every row of every table of the schema, as PostgreSQL writes the row as text. */
async function dumpDatabase(): Promise<{ tables: string[]; text: string }> {
  const db = await getDb();
  const tables = (
    await db.$queryRawUnsafe<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).map((row) => row.table_name);
  const lines: string[] = [];
  for (const table of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${table.replace(/"/g, '""')}" t`);
    for (const { row } of rows) lines.push(`${table}: ${row}`);
  }
  return { tables, text: lines.join("\n") };
}

const rows = async <T>(sql: string, ...values: unknown[]) => (await getDb()).$queryRawUnsafe<T[]>(sql, ...values);

beforeAll(async () => {
  upstream = await startMockOpenAi({ apiKey: PLANTED.providerCredential });
  echoing = await startMockEchoingUpstream();
  mcpUpstream = await startMockMcpUpstream({ token: PLANTED.mcpBearerToken });
  gateway = await startGatewayServer();
  const db = await getDb();

  // An org that keeps redacted text, with a policy that only flags, so the planted secrets really
  // reach the provider and come back in its answer: masking at rest is all that stands between them and the rows.
  const user = await signUp(db, { email: uniqueEmail("at-rest"), password: PLANTED.userPassword, name: "Rest Owner" });
  redacting = await resolveOrgAccess(db, user.user.id, user.org.slug);
  await savePolicy(db, redacting, {
    rules: [{ id: "flag-findings", enabled: true, mode: "enforce", when: { directions: ["input", "output", "tool_arguments", "tool_result"], categories: ["secret", "pii"] }, action: { type: "flag" } }],
    customRules: [],
    message: "flag only",
    baseVersion: 1,
  });
  await setPromptStorage(db, redacting, "redacted");
  for (const name of ["Mock A", "Mock B"]) {
    const provider = await createProvider(db, redacting, { name, kind: "openai_compatible", baseUrl: upstream.url, apiKey: PLANTED.providerCredential });
    providerIds.push(provider.id);
  }
  const echoingProvider = await createProvider(db, redacting, { name: "Echoing", kind: "openai_compatible", baseUrl: `${echoing.url}/v1`, apiKey: PLANTED.providerCredential });
  await publishModel(db, redacting, { publicName: "chat", providerId: providerIds[0]!, upstreamModel: "gpt-4o-mini", kind: "chat" });
  await publishModel(db, redacting, { publicName: "embed", providerId: providerIds[1]!, upstreamModel: "text-embedding-3-small", kind: "embedding" });
  await publishModel(db, redacting, { publicName: "echoing", providerId: echoingProvider.id, upstreamModel: "any", kind: "chat" });
  const created = await createApiKey(db, redacting, { name: "at rest app", scopes: ["gateway", "mcp"], modelAllowlist: [] });
  key = created.key;

  const credentials = { bearerToken: PLANTED.mcpBearerToken, headers: { "X-Planted-Secret": PLANTED.mcpHeaderSecret } };
  const tools = await createMcpServer(db, redacting, { name: "tools", url: mcpUpstream.url, ...credentials });
  expect(tools.error).toBeNull();
  await approveAndGrant(redacting, tools.server.id, "echo", created.apiKey.id);
  // Its first listing fails with an answer echoing the credentials; the reason is kept on the server.
  const broken = await createMcpServer(db, redacting, { name: "echoing", url: `${echoing.url}/mcp`, ...credentials });
  expect(/MCP server echoing answered HTTP 500/.test(broken.error ?? ""), "the listing failed").toBe(true);

  inviteToken = (await createInvite(db, redacting, { email: uniqueEmail("invitee"), role: "member" })).token;

  // An org that keeps full text under the default policy: a blocked prompt and a policy redaction must still be masked.
  fullText = (await signedUpOwner("at-rest-full")).ctx;
  await setPromptStorage(db, fullText, "full");
  const fullProvider = await createProvider(db, fullText, { name: "Mock", kind: "openai_compatible", baseUrl: upstream.url, apiKey: PLANTED.providerCredential });
  await publishModel(db, fullText, { publicName: "chat", providerId: fullProvider.id, upstreamModel: "gpt-4o-mini", kind: "chat" });
  fullTextKey = (await createApiKey(db, fullText, { name: "full text app", scopes: ["gateway"], modelAllowlist: [] })).key;
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await echoing?.close();
  await mcpUpstream?.close();
});

describe("secrets at rest", () => {
  it("sends planted secrets through every path that can write them down", async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: PROMPT }] });
    // The answer carries the secrets back: the policy only flags, so what is stored is up to the
    // storage mode. (Compared as booleans: a failure must not print the planted values.)
    expect(completion.choices[0]!.message.content!.includes(PLANTED.awsAccessKeyId), "the answer echoes the prompt").toBe(true);
    expect(upstream.requests.at(-1)!.headers.authorization === `Bearer ${PLANTED.providerCredential}`, "the provider got the stored credential").toBe(true);

    const stream = await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: PROMPT }], stream: true });
    let streamed = "";
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? "";
    expect(streamed.includes(PLANTED.cardNumber), "the streamed answer echoes the prompt").toBe(true);

    const embedding = await client.embeddings.create({ model: "embed", input: PROMPT });
    expect(embedding.data).toHaveLength(1);

    // The provider's error answer echoes the credential it was sent (asserted below, once the rest is written).
    echoedError = await client.chat.completions.create({ model: "echoing", messages: [{ role: "user", content: "hello" }] }).catch((error: unknown) => error);

    const mcp = await connectClient(gateway.url, key);
    const called = (await mcp.callTool({ name: "tools__echo", arguments: { text: PROMPT } })) as { content: { text: string }[] };
    expect(called.content[0]!.text.includes(PLANTED.promptPassword), "the tool echoes its arguments").toBe(true);
    await mcp.close();
    const sent = mcpUpstream.state.requests.at(-1)!.headers;
    expect(sent.authorization === `Bearer ${PLANTED.mcpBearerToken}` && sent["x-planted-secret"] === PLANTED.mcpHeaderSecret, "the MCP server got the stored credentials").toBe(true);

    const full = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: fullTextKey, maxRetries: 0 });
    await expect(full.chat.completions.create({ model: "chat", messages: [{ role: "user", content: PROMPT }] })).rejects.toMatchObject({ status: 403, code: "policy_violation" });
    const carded = await full.chat.completions.create({ model: "chat", messages: [{ role: "user", content: `Card on file: ${PLANTED.cardNumber}.` }] });
    expect(carded.choices[0]!.message.content!.includes(PLANTED.cardNumber), "the policy masked the card").toBe(false);
    await flushAudit();
  });

  it("passes on a provider's error that echoes the credential without it, to the caller as to the audit row", () => {
    expect((echoedError as { status?: number }).status).toBe(502);
    // Booleans throughout: a failure here must not print the leaked credential into the test log.
    expect(/^502 Echoing: Rejected\. Headers received: authorization: \[credential\]/.test((echoedError as Error).message), "the message names the credential without it").toBe(true);
    expect(findPlanted(JSON.stringify((echoedError as { error: unknown }).error), { providerCredential: PLANTED.providerCredential }).map((hit) => hit.name)).toEqual([]);
  });

  it("encrypts provider credentials with a fresh nonce each time, so equal secrets do not look equal", async () => {
    const stored = await rows<{ id: string; encryptedCredential: string; credentialHint: string }>(
      `SELECT id, "encryptedCredential", "credentialHint" FROM "Provider" WHERE "orgId" = $1 AND id = ANY($2::text[])`,
      redacting.org.id,
      providerIds,
    );
    expect(stored).toHaveLength(2);
    const parts = stored.map((row) => row.encryptedCredential.split("."));
    for (const [version, nonce, ciphertext, tag] of parts) {
      expect(version).toBe("v1");
      expect(Buffer.from(nonce!, "base64url")).toHaveLength(12);
      expect(Buffer.from(tag!, "base64url")).toHaveLength(16);
      expect(Buffer.from(ciphertext!, "base64url")).toHaveLength(Buffer.byteLength(PLANTED.providerCredential));
    }
    expect(parts[0]![1]).not.toBe(parts[1]![1]);
    expect(parts[0]![2]).not.toBe(parts[1]![2]);
    expect(stored.map((row) => row.credentialHint)).toEqual([`…${PLANTED.providerCredential.slice(-4)}`, `…${PLANTED.providerCredential.slice(-4)}`]);
  });

  it("keeps an MCP server's credentials as one encrypted value, with hints of four characters", async () => {
    const [server] = await rows<{ encryptedHeaders: string; headerHints: string[] }>(
      `SELECT "encryptedHeaders", "headerHints" FROM "McpServer" WHERE "orgId" = $1 AND name = 'tools'`,
      redacting.org.id,
    );
    expect(server!.encryptedHeaders).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(server!.headerHints).toEqual([`Authorization …${PLANTED.mcpBearerToken.slice(-4)}`, `X-Planted-Secret …${PLANTED.mcpHeaderSecret.slice(-4)}`]);
  });

  it("keeps an API key only as its SHA-256 and display prefix, and a password only as an argon2id hash", async () => {
    const [apiKey] = await rows<{ prefix: string; hash: string }>(`SELECT prefix, hash FROM "ApiKey" WHERE "orgId" = $1 AND name = 'at rest app'`, redacting.org.id);
    expect(apiKey).toEqual({ prefix: key.slice(0, "gw_live_".length + 8), hash: createHash("sha256").update(key).digest("hex") });
    const [user] = await rows<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE id = $1`, redacting.userId);
    expect(user!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  });

  it("stores prompts, answers and tool calls masked in redacted mode, and findings without the matched text", async () => {
    const stored = await rows<{ endpoint: string; promptText: string | null; responseText: string | null; findings: Record<string, unknown>[] | null }>(
      `SELECT endpoint, "promptText", "responseText", findings FROM "GatewayRequest" WHERE "orgId" = $1 AND status = 200 ORDER BY "createdAt"`,
      redacting.org.id,
    );
    // chat, stream, embeddings and the tool call: each kept its text, masked.
    expect(stored.map((row) => row.endpoint)).toEqual(expect.arrayContaining(["chat.completions", "embeddings"]));
    expect(stored.length).toBeGreaterThanOrEqual(4);
    for (const row of stored) {
      expect(["[REDACTED:aws_access_key_id]", "[REDACTED:credit_card]"].filter((marker) => !row.promptText?.includes(marker)), `markers missing in a stored ${row.endpoint}`).toEqual([]);
      expect(row.findings!.length).toBeGreaterThanOrEqual(3);
      for (const finding of row.findings!) {
        expect(Object.keys(finding).every((field) => ["ruleId", "category", "severity", "direction", "message", "part", "start", "end"].includes(field))).toBe(true);
      }
    }
    expect(stored.filter((row) => row.responseText !== null).every((row) => row.responseText!.includes("[REDACTED:"))).toBe(true);
  });

  it("has none of the planted secrets anywhere in the database, in any encoding", async () => {
    const { tables, text } = await dumpDatabase();
    expect(tables).toEqual(expect.arrayContaining(["Provider", "McpServer", "ApiKey", "User", "Invite", "GatewayRequest", "AdminActivity"]));
    // The dump does hold these rows: their non-secret traces are there. (Checked without
    // printing the dump on failure: it would be the very leak this test is about.)
    const traces = [key.slice(0, 16), `…${PLANTED.providerCredential.slice(-4)}`, "[REDACTED:aws_access_key_id]", "MCP server echoing answered HTTP 500", "Echoing: Rejected."];
    expect(traces.filter((trace) => !text.includes(trace))).toEqual([]);

    const hits = findPlanted(text, {
      providerCredential: PLANTED.providerCredential,
      mcpBearerToken: PLANTED.mcpBearerToken,
      mcpHeaderSecret: PLANTED.mcpHeaderSecret,
      awsAccessKeyId: PLANTED.awsAccessKeyId,
      cardNumber: PLANTED.cardNumber,
      promptPassword: PLANTED.promptPassword,
      userPassword: PLANTED.userPassword,
      apiKey: key,
      apiKeySecretPart: apiKeyPieces(key),
      inviteToken,
    });
    const where = hits.map((hit) => `${hit.name} (${hit.kind}) in ${text.slice(0, hit.index).split("\n").at(-1)!.split(":")[0]}`);
    expect(where).toEqual([]);
  });
});
