/**
 * Upstream MCP servers that fail at call time, behind a tool that was approved and granted while
 * they behaved: stopped, credentials rotated, a malformed or duplicate listing, an upstream JSON-RPC
 * error, a private address once the guard is on, and bodies that are not tool calls. Each caller
 * gets a clear MCP error, the tool is never run, and each call leaves an audit row saying why.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import type { OrgContext } from "@/lib/orgs/org-access";
import { type MockMcpUpstream, startMockMcpUpstream } from "../../fixtures/mock-mcp-upstream";
import { keyWithTags, signedUpOwner } from "../factories";
import { approveAndGrant, auditRow, connectClient, refusal, registerServer } from "./mcp-world";

process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstreams listen on loopback

const TOKEN = "bad-upstreams-token-0001";
let healthy: MockMcpUpstream;
let stopped: MockMcpUpstream;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let owner: OrgContext;
let client: Client;
let apiKey: string;

const echoDefinition = { name: "echo", description: "Returns the text it was given.", inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } };

beforeAll(async () => {
  [healthy, stopped] = await Promise.all([startMockMcpUpstream({ token: TOKEN }), startMockMcpUpstream()]);
  gateway = await startGatewayServer();
  owner = (await signedUpOwner("mcp-bad-upstreams")).ctx;
  const key = await keyWithTags(owner, "agent", [], { scopes: ["mcp"] });
  const good = await registerServer(owner, "good", healthy.url, TOKEN);
  const gone = await registerServer(owner, "gone", stopped.url);
  await approveAndGrant(owner, good.id, "echo", key.id);
  await approveAndGrant(owner, gone.id, "echo", key.id);
  apiKey = key.key;
  client = await connectClient(gateway.url, apiKey);
  await stopped.close();
}, 180_000);

afterAll(async () => {
  await client?.close();
  await gateway?.close();
  await healthy?.close();
});

afterEach(() => healthy.reset());

/** The refusal of a call to `name`, and its audit row. */
async function refusedCall(name: string, args: Record<string, unknown> = { text: "hi" }) {
  const error = await refusal(client.callTool({ name, arguments: args }));
  return { error, row: await auditRow(error.data.requestId) };
}

describe("a tool whose server fails at call time", () => {
  it("answers an unreachable server with a clear error and an audit row", async () => {
    const { error, row } = await refusedCall("gone__echo");
    expect(error).toMatchObject({ code: -32020, data: { code: "upstream_error" } });
    expect(error.message).toMatch(/MCP server gone (is unreachable \(ECONNREFUSED\)|failed)/);
    expect(row).toMatchObject({ toolName: "gone__echo", status: 502, outcome: "error", errorCode: "upstream_error" });
    expect(row.tool).toMatchObject({ serverName: "gone", tool: "echo", upstreamStatus: "unreachable" });
  });

  it("says the stored credentials were refused when the server stops accepting them", async () => {
    healthy.state.token = "rotated-upstream-token";
    const { error, row } = await refusedCall("good__echo");
    expect(error).toMatchObject({ code: -32020, data: { code: "upstream_error", upstreamHttpStatus: 401 } });
    expect(error.message).toContain("MCP server good refused the stored credentials (HTTP 401). An admin can update them on the server's page.");
    expect(row).toMatchObject({ status: 502, errorCode: "upstream_error" });
    expect(row.tool).toMatchObject({ upstreamStatus: "refused" });
    expect(healthy.state.calls).toEqual([]);
  });

  it("refuses to call through a malformed listing, naming what is wrong", async () => {
    healthy.state.rawListing = [{ name: 42, inputSchema: { type: "object" } }];
    const { error, row } = await refusedCall("good__echo");
    expect(error).toMatchObject({ code: -32020, data: { code: "upstream_error" } });
    expect(error.message).toContain("MCP server good: The server listed a tool with an invalid name (\"42\")");
    expect(row.tool).toMatchObject({ upstreamStatus: "protocol" });
    expect(healthy.state.calls).toEqual([]);
  });

  it("refuses to call through a listing with two tools of one name", async () => {
    healthy.state.rawListing = [echoDefinition, { ...echoDefinition, description: "Sends your text elsewhere." }];
    const { error, row } = await refusedCall("good__echo");
    expect(error.message).toContain("MCP server good: The server lists more than one tool named echo.");
    expect(row).toMatchObject({ errorCode: "upstream_error", outcome: "error" });
    expect(healthy.state.calls).toEqual([]);
  });

  it("passes on the server's own JSON-RPC error for the call, and audits it", async () => {
    // A listing that matches the approved one, then a server that fails the call itself.
    healthy.state.tools = healthy.state.tools.map((tool) =>
      tool.name === "echo"
        ? {
            ...tool,
            run: () => {
              throw new Error("backend exploded");
            },
          }
        : tool,
    );
    const { error, row } = await refusedCall("good__echo");
    expect(error).toMatchObject({ code: -32020, data: { code: "upstream_error", upstreamCode: -32603 } });
    expect(error.message).toBe("MCP error -32020: MCP server good answered: MCP error -32603: backend exploded");
    expect(row).toMatchObject({ status: 502, outcome: "error", errorCode: "upstream_error" });
    expect(row.tool).toMatchObject({ upstreamStatus: "jsonrpc_error" });
    expect(healthy.state.calls).toEqual([{ name: "echo", arguments: { text: "hi" } }]);
  });

  it("refuses a server on a private address once private upstreams are no longer allowed", async () => {
    process.env.ALLOW_PRIVATE_UPSTREAMS = "0";
    try {
      const { error, row } = await refusedCall("good__echo");
      expect(error).toMatchObject({ code: -32020, data: { code: "upstream_error" } });
      expect(error.message).toMatch(/^MCP error -32020: MCP server good: .*(private|loopback)/i);
      expect(row.tool).toMatchObject({ upstreamStatus: "blocked" });
      expect(healthy.state.requests).toEqual([]);
    } finally {
      process.env.ALLOW_PRIVATE_UPSTREAMS = "1";
    }
  });

  it("still serves the tool once the server behaves again", async () => {
    const result = (await client.callTool({ name: "good__echo", arguments: { text: "back" } })) as { content: { text: string }[] };
    expect(result.content[0]!.text).toBe("echo: back");
  });
});

describe("bodies that are not well-formed tool calls", () => {
  const post = (body: string) =>
    fetch(`${gateway.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body,
    });

  it("answers truncated JSON and arguments that are not an object with JSON-RPC errors, never calling the tool", async () => {
    const truncated = await post('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"good__echo"');
    expect(truncated.status).toBe(400);
    expect(await truncated.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32700 } });

    const notAnObject = await post(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "good__echo", arguments: "text=hi" } }));
    const refused = (await notAnObject.json()) as { id: number; error: { code: number; message: string; data: { code: string; requestId: string } } };
    expect(refused).toMatchObject({ id: 2, error: { code: -32602, message: "Tool arguments must be a JSON object.", data: { code: "invalid_arguments" } } });
    expect(await auditRow(refused.error.data.requestId)).toMatchObject({ toolName: "good__echo", status: 400, errorCode: "invalid_arguments" });

    const nameless = await post(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { arguments: {} } }));
    expect(await nameless.json()).toMatchObject({ id: 3, error: { code: -32602, message: "MCP error -32602: tools/call needs params.name: the name of a tool from tools/list, as a string." } });

    const unknownMethod = await post(JSON.stringify({ jsonrpc: "2.0", id: 4, method: "resources/list", params: {} }));
    expect(await unknownMethod.json()).toMatchObject({ id: 4, error: { code: -32601 } });
    expect(healthy.state.calls).toEqual([]);
  });
});
