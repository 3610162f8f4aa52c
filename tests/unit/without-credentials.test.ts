import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { credentialValues, withoutCredentials } from "@/lib/http/without-credentials";
import { toUpstreamError } from "@/lib/mcp/upstream-client";

describe("withoutCredentials", () => {
  it("cuts a credential out of upstream text, with and without its auth scheme", () => {
    const text = "Rejected. Headers received: authorization: Bearer tok-12345678; later the token tok-12345678 alone";
    expect(withoutCredentials(text, ["Bearer tok-12345678"])).toBe("Rejected. Headers received: authorization: [credential]; later the token [credential] alone");
  });

  it("leaves values too short to be real credentials alone, and ignores missing ones", () => {
    expect(withoutCredentials("version 1 of 1", ["1", null, undefined, ""])).toBe("version 1 of 1");
  });

  it("knows which provider headers carry credentials", () => {
    expect(credentialValues({ "anthropic-version": "2023-06-01", "x-api-key": "sk-ant-abcdefgh", Authorization: "Bearer x", "api-key": "az", "x-goog-api-key": "g" })).toEqual([
      "sk-ant-abcdefgh",
      "Bearer x",
      "az",
      "g",
    ]);
  });
});

describe("an MCP upstream's error that echoes the stored credentials", () => {
  const server = { id: "s1", name: "github", url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer ghs-token-0123456789abcdef", "X-Team-Key": "team-key-fedcba9876" } };

  it("is quoted without them, cut before it is shortened, so no piece survives at the edge", () => {
    // The token starts a few characters before the 200-character cut.
    const body = `${"x".repeat(135)} you sent Authorization: Bearer ghs-token-0123456789abcdef and X-Team-Key: team-key-fedcba9876`;
    const message = toUpstreamError(new StreamableHTTPError(500, body), server).message;
    expect(message).toMatch(/^MCP server github answered HTTP 500: /);
    expect(message).not.toMatch(/ghs-token|0123456789|team-key|fedcba/);
  });

  it("keeps a JSON-RPC error's code and drops the credentials from its message", () => {
    const error = toUpstreamError(new McpError(-32603, "token ghs-token-0123456789abcdef is not allowed here"), server);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32603);
    expect(error.message).toBe("MCP error -32603: token [credential] is not allowed here");
  });
});
