/**
 * /mcp answers found wrong by the hostile-input fuzzing (fuzz-hostile-input.test.ts), each with
 * its cause: JSON-RPC's internal error (-32603, its 500) for requests that are merely malformed.
 * Raw JSON-RPC over HTTP, since the SDK's client never sends such requests.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { setPromptStorage } from "@/lib/orgs/org-service";
import { type MockMcpUpstream, startMockMcpUpstream } from "../../fixtures/mock-mcp-upstream";
import { keyWithTags, signedUpOwner } from "../factories";
import { approveAndGrant, auditRow, registerServer } from "./mcp-world";

process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstream listens on loopback

let upstream: MockMcpUpstream;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let key: string;

type RpcAnswer = { jsonrpc: string; id: unknown; error?: { code: number; message: string; data?: { code: string; requestId: string; approvalId?: string } } };

async function rpc(message: unknown): Promise<RpcAnswer> {
  const response = await fetch(`${gateway.url}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: typeof message === "string" ? message : JSON.stringify(message),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as RpcAnswer;
}

beforeAll(async () => {
  upstream = await startMockMcpUpstream();
  gateway = await startGatewayServer();
  const { ctx } = await signedUpOwner("mcp-hostile");
  await setPromptStorage(await getDb(), ctx, "full"); // an approval's preview then shows the arguments, not only their shape
  const server = await registerServer(ctx, "mock", upstream.url);
  const granted = await keyWithTags(ctx, "agent", [], { scopes: ["mcp"] });
  await approveAndGrant(ctx, server.id, "echo", granted.id);
  await approveAndGrant(ctx, server.id, "delete_repo", granted.id, { requiresCallApproval: true });
  key = granted.key;
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe("hostile input on /mcp", () => {
  it.each([
    ["initialize without params", { jsonrpc: "2.0", id: 1, method: "initialize" }],
    ["tools/list with a numeric cursor", { jsonrpc: "2.0", id: 2, method: "tools/list", params: { cursor: 5 } }],
    ["initialize with a numeric protocol version", { jsonrpc: "2.0", id: 3, method: "initialize", params: { protocolVersion: 2025, capabilities: {}, clientInfo: { name: "x", version: "1" } } }],
  ])("answers %s with invalid params (-32602), not an internal error", async (_case, message) => {
    // Cause: the SDK checks these methods' params against its schemas inside its dispatch, and
    // answers the thrown schema error as -32603 with the whole error dump as its message.
    const answer = await rpc(message);
    expect(answer).toMatchObject({ jsonrpc: "2.0", id: message.id, error: { code: -32602, message: expect.stringMatching(`^Invalid params for ${message.method}: params`) } });
  });

  it("refuses tool arguments nested thousands of levels deep as invalid arguments, and audits the refusal", async () => {
    // Cause: walking the arguments (inspection, their shape for the audit row) overflowed the stack.
    const nested = `${"[".repeat(5_000)}"x"${"]".repeat(5_000)}`;
    const answer = await rpc(`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"mock__echo","arguments":{"text":${nested}}}}`);
    expect(answer.error).toMatchObject({ code: -32602, message: "Tool arguments may nest at most 64 levels deep.", data: { code: "invalid_arguments" } });
    expect(await auditRow(answer.error!.data!.requestId)).toMatchObject({ status: 400, outcome: "error", errorCode: "invalid_arguments" });
  });

  it("holds a call whose arguments carry a NUL for approval, its preview showing U+FFFD", async () => {
    // Cause: the approval's argument preview is stored as JSON, which PostgreSQL refuses with a NUL in it.
    const answer = await rpc({ jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "mock__delete_repo", arguments: { repo: "acme\u0000/site" } } });
    expect(answer.error).toMatchObject({ code: -32013, data: { code: "approval_required" } });
    const approval = await (await getDb()).mcpCallApproval.findUniqueOrThrow({ where: { id: answer.error!.data!.approvalId! }, select: { argumentsPreview: true } });
    expect(approval.argumentsPreview).toEqual({ repo: "acme\uFFFD/site" });
  });
});
