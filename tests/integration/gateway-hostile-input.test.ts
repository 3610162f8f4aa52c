/**
 * /v1 answers found wrong by the hostile-input fuzzing (fuzz-hostile-input.test.ts), each with
 * its cause: every one was a 500 "The gateway failed…" for a request that is simply malformed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import { setPromptStorage } from "@/lib/orgs/org-service";
import { createProvider } from "@/lib/providers/provider-service";
import { signedUpOwner } from "./factories";

let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let key: string;

type OpenAiError = { error: { message: string; type: string; code: string; param: string | null } };

const post = async (path: string, body: string) => {
  const response = await fetch(`${gateway.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
  return { status: response.status, body: (await response.json()) as OpenAiError & { choices?: { message: { content: string } }[] } };
};
const deep = (levels: number) => `${"[".repeat(levels)}1${"]".repeat(levels)}`;

beforeAll(async () => {
  gateway = await startGatewayServer();
  const { ctx } = await signedUpOwner("hostile-v1");
  const db = await getDb();
  await setPromptStorage(db, ctx, "full"); // the stored prompt is one more place the body is serialised
  const echo = await createProvider(db, ctx, { name: "Echo", kind: "echo" });
  await publishModel(db, ctx, { publicName: "echo", providerId: echo.id, upstreamModel: "echo-1", kind: "chat" });
  key = (await createApiKey(db, ctx, { name: "app", scopes: ["gateway"], modelAllowlist: [] })).key;
});

afterAll(async () => {
  await gateway?.close();
});

describe("hostile input on /v1", () => {
  it.each(["%", "%E0%A4%A", "%00", "req_%00"])("GET /v1/gateway/requests/%s is a 404 request_not_found", async (id) => {
    // Cause: the router's decodeURIComponent threw on an undecodable segment (a bare 500 from the
    // server adapter), and a decoded NUL reached PostgreSQL, which refuses it in text.
    const response = await fetch(`${gateway.url}/v1/gateway/requests/${id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as OpenAiError).error).toMatchObject({ type: "invalid_request_error", code: "request_not_found" });
  });

  it.each([
    ["/v1/chat/completions", (messages: string) => `{"model":"echo","messages":${messages}}`],
    ["/v1/inspect", (messages: string) => `{"input":${messages}}`],
  ])("%s refuses tool_calls that are not an array of objects with a 400", async (path, body) => {
    // Cause: the policy engine's text walk called tool_calls.forEach on whatever was sent.
    for (const toolCalls of ["0", "false", '"call"', "{}", "[null]"]) {
      const { status, body: answer } = await post(path, body(`[{"role":"assistant","content":null,"tool_calls":${toolCalls}}]`));
      expect({ toolCalls, status, type: answer.error.type }).toEqual({ toolCalls, status: 400, type: "invalid_request_error" });
    }
  });

  it("echoes a text part whose text is not a string without failing", async () => {
    // Cause: the echo provider did String(part.text), which throws for {"toString": ""}.
    const { status, body } = await post("/v1/chat/completions", '{"model":"echo","messages":[{"role":"user","content":[{"type":"text","text":{"toString":""}}]}]}');
    expect(status).toBe(200);
    expect(body.choices![0]!.message.content).toBe("Echo: [text]");
  });

  it.each([
    ["tools", `{"model":"echo","messages":[{"role":"user","content":"hi"}],"tools":${deep(5_000)}}`],
    ["a message's name", `{"model":"echo","messages":[{"role":"user","content":"hi","name":${deep(5_000)}}]}`],
    ["an extra field", `{"model":"echo","stream":true,"messages":[{"role":"user","content":"hi"}],"metadata":{"a":${deep(5_000)}}}`],
  ])("refuses nesting thousands of levels deep in %s with a 400", async (_where, body) => {
    // Cause: JSON.stringify of the body (token estimate, provider call, stored prompt) overflowed the stack.
    const { status, body: answer } = await post("/v1/chat/completions", body);
    expect(status).toBe(400);
    expect(answer.error).toMatchObject({ code: "invalid_json", message: expect.stringContaining("more than 100 levels deep") });
  });

  it("still takes nesting a real request has", async () => {
    const schema = { type: "object", properties: { a: { type: "object", properties: { b: { type: "array", items: { type: "string" } } } } } };
    const body = { model: "echo", messages: [{ role: "user", content: "hi" }], tools: [{ type: "function", function: { name: "f", parameters: schema } }] };
    expect((await post("/v1/chat/completions", JSON.stringify(body))).status).toBe(200);
  });
});
