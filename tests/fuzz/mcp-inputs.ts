import fc from "fast-check";
import { type FuzzRequest, headersFor, jsonBodies } from "./fuzz-request";
import { hostileString, hostileValue, headerValue, oddMethod, oneChangeIn, transfer } from "./hostile-values";

/**
 * Hostile requests to `/mcp` (lib/mcp/mcp-endpoint.ts, MCP Streamable HTTP, stateless): broken
 * JSON-RPC envelopes, methods and params of the wrong type, batches, tools/call with confused
 * arguments, and the transport's headers (Accept, Content-Type, session id, protocol version) wrong.
 */

const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary }, { weight: 1, arbitrary: hostileValue });
const maybeMissing = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary }, { weight: 1, arbitrary: fc.constant(undefined) });

const rpcId = fc.oneof({ weight: 6, arbitrary: fc.oneof(fc.integer(), fc.string({ maxLength: 10 })) }, { weight: 1, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constant(undefined) });
const jsonrpc = fc.oneof({ weight: 10, arbitrary: fc.constant("2.0") }, { weight: 1, arbitrary: fc.constantFrom(undefined, "1.0", 2, "2", "2.0 ") }, { weight: 1, arbitrary: hostileValue });

const toolName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("mock__echo", "mock__lookup_customer", "mock__delete_repo", "decoy__echo", "mock__", "__echo", "echo", "mock__echo ", "MOCK__ECHO", "mock__echo\u0000") },
  { weight: 1, arbitrary: hostileValue },
);
const toolArguments = fc.oneof(
  { weight: 3, arbitrary: fc.record({ text: sometimes(fc.string({ maxLength: 40 })) }) },
  { weight: 1, arbitrary: fc.record({ id: hostileValue, text: hostileString }) },
  { weight: 3, arbitrary: hostileValue },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const PARAMS: Record<string, fc.Arbitrary<unknown>> = {
  initialize: fc.record(
    {
      protocolVersion: sometimes(fc.constantFrom("2025-06-18", "2025-03-26", "2024-11-05", "2025-11-25", "1999-01-01", "")),
      capabilities: sometimes(fc.constant({})),
      clientInfo: sometimes(fc.record({ name: sometimes(hostileString), version: sometimes(hostileString) })),
    },
    { requiredKeys: [] },
  ),
  "tools/call": fc.record({ name: maybeMissing(toolName), arguments: toolArguments, _meta: hostileValue }, { requiredKeys: ["name", "arguments"] }),
  "tools/list": fc.oneof(fc.constant(undefined), fc.record({ cursor: hostileValue, _meta: hostileValue }, { requiredKeys: [] })),
  ping: fc.oneof(fc.constant(undefined), hostileValue),
  "notifications/cancelled": fc.record({ requestId: rpcId, reason: hostileValue }, { requiredKeys: [] }),
  "notifications/initialized": fc.oneof(fc.constant(undefined), hostileValue),
};
const OTHER_METHODS = ["resources/list", "resources/read", "prompts/list", "prompts/get", "completion/complete", "logging/setLevel", "sampling/createMessage", "roots/list", "tasks/get", "tasks/list", "tasks/cancel", "tasks/result", "", "rpc.discover", "__proto__", "tools/call/extra"];

const request = fc.oneof(
  ...Object.entries(PARAMS).map(([method, params]) => ({
    weight: method === "tools/call" ? 6 : 2,
    arbitrary: fc.record({ jsonrpc, id: rpcId, method: fc.constant(method), params }, { requiredKeys: ["jsonrpc", "method"] }),
  })),
  { weight: 2, arbitrary: fc.record({ jsonrpc, id: rpcId, method: fc.oneof(fc.constantFrom(...OTHER_METHODS), hostileValue), params: hostileValue }, { requiredKeys: ["jsonrpc", "method"] }) },
);

// Answers from the client side (the server never asked), and envelopes that are nothing at all.
const stray = fc.oneof(
  fc.record({ jsonrpc, id: rpcId, result: hostileValue }),
  fc.record({ jsonrpc, id: rpcId, error: fc.oneof(fc.record({ code: hostileValue, message: hostileValue }), hostileValue) }),
  hostileValue,
);

// Messages a real client sends, for oneChangeIn to break in one place.
const validRequest = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      jsonrpc: fc.constant("2.0"),
      id: fc.nat(),
      method: fc.constant("tools/call"),
      params: fc.record({ name: fc.constantFrom("mock__echo", "mock__lookup_customer", "mock__delete_repo"), arguments: fc.record({ text: fc.string({ maxLength: 30 }), id: fc.string({ maxLength: 10 }), repo: fc.string({ maxLength: 10 }) }) }),
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }, { jsonrpc: "2.0", id: 2, method: "ping" }) },
  { weight: 1, arbitrary: fc.constant({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "fuzz", version: "1" } } }) },
);

const message = fc.oneof({ weight: 6, arbitrary: oneChangeIn(validRequest) }, { weight: 6, arbitrary: request }, { weight: 1, arbitrary: stray });

const PING = { jsonrpc: "2.0", method: "ping" };
const shaped = fc.oneof(
  { weight: 10, arbitrary: message },
  { weight: 3, arbitrary: fc.array(message, { maxLength: 5 }) },
  // The same id twice in one batch: each request must still be answered, and the response once.
  { weight: 1, arbitrary: fc.tuple(request, request, rpcId).map(([first, second, id]) => [{ ...(first as object), id }, { ...(second as object), id }]) },
  // Over the transport's batch limit of 100.
  { weight: 1, arbitrary: fc.integer({ min: 99, max: 130 }).map((count) => Array.from({ length: count }, (_, index) => ({ ...PING, id: index }))) },
);

const PADDING = { prefix: '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"mock__echo","arguments":{"text":"', suffix: '"}}}' };

const transportHeaders: fc.Arbitrary<[string, string][]> = fc
  .tuple(
    fc.oneof(
      { weight: 10, arbitrary: fc.constant("application/json, text/event-stream") },
      { weight: 3, arbitrary: fc.constantFrom(null, "", "application/json", "text/event-stream", "*/*", "text/event-stream, application/json;q=0.1", "application/json,text/event-stream,text/html", "text/html") },
      { weight: 1, arbitrary: headerValue },
    ),
    fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom("", "not-a-session", "00000000-0000-0000-0000-000000000000") }, { weight: 1, arbitrary: headerValue }),
    fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.constantFrom("2025-06-18", "2025-03-26", "2024-11-05", "1999-01-01", "", "latest") }, { weight: 1, arbitrary: headerValue }),
  )
  .map(([accept, session, version]) => [
    ...(accept === null ? [] : ([["accept", accept]] as [string, string][])),
    ...(session === null ? [] : ([["mcp-session-id", session]] as [string, string][])),
    ...(version === null ? [] : ([["mcp-protocol-version", version]] as [string, string][])),
  ]);

export const mcpRequests: fc.Arbitrary<FuzzRequest> = fc.record({
  surface: fc.constant("mcp" as const),
  route: fc.constant("POST /mcp"),
  method: fc.oneof({ weight: 12, arbitrary: fc.constant("POST") }, { weight: 1, arbitrary: oddMethod }),
  path: fc.constantFrom("/mcp", "/mcp", "/mcp", "/mcp", "/mcp", "/mcp", "/mcp?session=1", "/mcp/", "/mcp/../mcp", "/MCP"),
  headers: headersFor("mcp-key", transportHeaders),
  body: jsonBodies(shaped, PADDING),
  transfer,
});
