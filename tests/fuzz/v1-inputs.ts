import fc from "fast-check";
import { type FuzzRequest, headersFor, jsonBodies } from "./fuzz-request";
import { hostileNumber, hostileQuery, hostileSegment, hostileString, hostileValue, headerValue, objectOf, objectWith, oddMethod, oneChangeIn, PROTOTYPE_KEYS, transfer } from "./hostile-values";

/** Hostile requests to the gateway's `/v1` API (lib/gateway/router.ts), with the test world's gateway key most of the time. */

const sometimes = <T>(arbitrary: fc.Arbitrary<T>, weight = 1) => fc.oneof({ weight: 4, arbitrary }, { weight, arbitrary: hostileValue });
const maybeMissing = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary }, { weight: 1, arbitrary: fc.constant(undefined) });

const MODELS = ["echo", "echo-embedding", "decoy-model", "no-such-model", "ECHO", "echo ", "decoy-route"];
const model = sometimes(fc.constantFrom(...MODELS));

const contentPart = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constantFrom("text", "image_url", "input_audio", "file", "refusal"), text: sometimes(fc.string({ maxLength: 30 })), image_url: hostileValue }, { requiredKeys: ["type"] }) },
  { weight: 1, arbitrary: hostileValue },
);

const message = fc.oneof(
  { weight: 4, arbitrary: fc.record({ role: fc.constantFrom("user", "system", "assistant", "developer"), content: fc.string({ maxLength: 60 }) }) },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        role: sometimes(fc.constantFrom("user", "system", "assistant", "developer", "tool", "function", "root", "")),
        content: fc.oneof(hostileString, hostileValue, fc.array(contentPart, { maxLength: 3 }), fc.constant(null)),
        name: hostileValue,
        tool_calls: hostileValue,
        tool_call_id: hostileValue,
      },
      { requiredKeys: ["role"] },
    ),
  },
  { weight: 1, arbitrary: hostileValue },
);

const protoExtras = objectWith(fc.constantFrom(...PROTOTYPE_KEYS), hostileValue, 2);
const withExtras = (shaped: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(shaped, protoExtras, fc.boolean()).map(([body, extras, add]) => (add ? objectOf([...Object.entries(body), ...Object.entries(extras)]) : body));

// Requests a real client would send, for oneChangeIn to break in one place.
const validMessage = fc.oneof(
  fc.record({ role: fc.constantFrom("user", "system", "developer"), content: fc.string({ maxLength: 40 }) }),
  fc.record({ role: fc.constant("user"), content: fc.array(fc.record({ type: fc.constant("text"), text: fc.string({ maxLength: 20 }) }), { minLength: 1, maxLength: 2 }) }),
  fc.record({
    role: fc.constant("assistant"),
    content: fc.constant(null),
    tool_calls: fc.constant([{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"city":"Paris"}' } }]),
  }),
);
const validChat = fc.record(
  {
    model: fc.constantFrom("echo", "decoy-route"),
    messages: fc.array(validMessage, { minLength: 1, maxLength: 3 }),
    stream: fc.boolean(),
    stream_options: fc.constant({ include_usage: true }),
    max_tokens: fc.integer({ min: 1, max: 500 }),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    tools: fc.constant([{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { city: { type: "string" } } } } }]),
    user: fc.string({ maxLength: 10 }),
  },
  { requiredKeys: ["model", "messages"] },
);
const validEmbeddings = fc.record({ model: fc.constant("echo-embedding"), input: fc.oneof(fc.string({ maxLength: 40 }), fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 3 })) });
const validInspect = fc.record({ input: fc.oneof(fc.string({ maxLength: 40 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), fc.array(validMessage, { maxLength: 3 })), model: fc.constant("echo") }, { requiredKeys: ["input"] });

const wildChatBody = withExtras(
  fc.record(
    {
      model: maybeMissing(model),
      messages: maybeMissing(fc.oneof({ weight: 6, arbitrary: fc.array(message, { minLength: 1, maxLength: 4 }) }, { weight: 1, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constant([]) })),
      stream: fc.oneof(fc.boolean(), fc.constantFrom("yes", "true", 1, 0, null), hostileValue),
      stream_options: fc.oneof(fc.record({ include_usage: sometimes(fc.boolean()) }), hostileValue),
      max_tokens: fc.oneof(hostileNumber, fc.constantFrom(2 ** 53, 1e308, -5, 0), hostileValue),
      n: fc.oneof(fc.constantFrom(-1, 0, 2, 1000), hostileValue),
      temperature: fc.oneof(hostileNumber, fc.constant("hot")),
      tools: hostileValue,
      tool_choice: hostileValue,
      response_format: fc.oneof(fc.record({ type: sometimes(fc.constantFrom("json_object", "json_schema", "text")) }), hostileValue),
      stop: hostileValue,
      logit_bias: hostileValue,
      user: hostileValue,
      metadata: hostileValue,
    },
    { requiredKeys: ["model", "messages"] },
  ),
);

const wildEmbeddingsBody = withExtras(
  fc.record(
    {
      model: maybeMissing(model),
      input: maybeMissing(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }),
          fc.array(fc.integer(), { maxLength: 4 }),
          fc.array(fc.array(hostileNumber, { maxLength: 3 }), { maxLength: 3 }),
          hostileValue,
        ),
      ),
      encoding_format: sometimes(fc.constantFrom("float", "base64")),
      dimensions: fc.oneof(hostileNumber, hostileValue),
      user: hostileValue,
    },
    { requiredKeys: ["model", "input"] },
  ),
);

const wildInspectBody = withExtras(
  fc.record(
    {
      input: maybeMissing(fc.oneof(hostileString, fc.array(hostileString, { maxLength: 4 }), fc.array(message, { maxLength: 4 }), hostileValue)),
      model: fc.oneof(fc.constantFrom(...MODELS), hostileValue),
    },
    { requiredKeys: ["input"] },
  ),
);

const eitherOf = (valid: fc.Arbitrary<unknown>, wild: fc.Arbitrary<unknown>) => fc.oneof({ weight: 3, arbitrary: oneChangeIn(valid) }, { weight: 2, arbitrary: wild });
export const chatBody = eitherOf(validChat, wildChatBody);
export const embeddingsBody = eitherOf(validEmbeddings, wildEmbeddingsBody);
export const inspectBody = eitherOf(validInspect, wildInspectBody);

const CHAT_PADDING = { prefix: '{"model":"echo","messages":[{"role":"user","content":"', suffix: '"}]}' };
const EMBEDDING_PADDING = { prefix: '{"model":"echo-embedding","input":"', suffix: '"}' };
const INSPECT_PADDING = { prefix: '{"input":"', suffix: '"}' };

const workloadHeader = fc.oneof(
  { weight: 6, arbitrary: fc.constant<[string, string][]>([]) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom("batch", "chat.v2", "x".repeat(65), "Upper", "a b", ""), headerValue).map((value): [string, string][] => [["x-gateway-workload", value]]) },
);

const post = (route: string, path: string, body: fc.Arbitrary<unknown>, padding: { prefix: string; suffix: string }): fc.Arbitrary<FuzzRequest> =>
  fc.record({
    surface: fc.constant("v1" as const),
    route: fc.constant(`POST ${route}`),
    method: fc.constantFrom("POST", "POST", "POST", "POST", "POST", "POST", "POST", "POST", "post"),
    path: fc.constantFrom(path, path, path, path, `${path}/`, `${path}?x=1`, `${path}//`, path.replace("/v1/", "/v1//")),
    headers: headersFor("gateway-key", workloadHeader),
    body: jsonBodies(body, padding),
    transfer,
  });

const requestRecord: fc.Arbitrary<FuzzRequest> = fc.record({
  surface: fc.constant("v1" as const),
  route: fc.constant("GET /v1/gateway/requests/{id}"),
  method: fc.constantFrom("GET", "GET", "GET", "HEAD", "DELETE", "POST"),
  path: fc
    .tuple(fc.oneof({ weight: 2, arbitrary: fc.constantFrom("«request-id»", "«other-key-request-id»", "«other-org-request-id»", "req_00000000000000000000") }, { weight: 5, arbitrary: hostileSegment }), hostileQuery)
    .map(([id, query]) => `/v1/gateway/requests/${id}${query}`),
  headers: headersFor("gateway-key"),
  body: fc.constant({ kind: "none" as const }),
  transfer,
});

const models: fc.Arbitrary<FuzzRequest> = fc.record({
  surface: fc.constant("v1" as const),
  route: fc.constant("GET /v1/models"),
  method: fc.constantFrom("GET", "GET", "GET", "HEAD"),
  path: hostileQuery.map((query) => `/v1/models${query}`),
  headers: headersFor("gateway-key"),
  body: fc.constant({ kind: "none" as const }),
  transfer,
});

// Known paths with the wrong method, unknown paths, traversal and absolute-form targets: all still the gateway's to answer.
// (Not `*`: an asterisk-form target names no API, and the Node adapter refuses it with a bare 400.)
const strayPath = fc.oneof(
  fc.constantFrom(
    "/v1/chat/completions",
    "/v1/embeddings",
    "/v1/models",
    "/v1/inspect",
    "/v1",
    "/",
    "/v1/chat",
    "/v1/completions",
    "/v1/gateway/requests",
    "/v1/gateway/requests/a/b",
    "/v1/../v1/models",
    "/v1/%2e%2e/v1/models",
    "/v1/chat/completions/../../models",
    "/v1/chat%2Fcompletions",
    "//v1/models",
    "http://127.0.0.1/v1/models",
    "/v1/models#frag",
    "/V1/MODELS",
  ),
  hostileSegment.map((segment) => `/v1/${segment}`),
);

const stray: fc.Arbitrary<FuzzRequest> = fc.record({
  surface: fc.constant("v1" as const),
  route: fc.constant("other /v1"),
  method: oddMethod,
  path: strayPath,
  headers: headersFor("gateway-key"),
  body: fc.oneof(fc.constant({ kind: "none" as const }), jsonBodies(chatBody, CHAT_PADDING)),
  transfer,
});

export const v1Requests: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 10, arbitrary: post("/v1/chat/completions", "/v1/chat/completions", chatBody, CHAT_PADDING) },
  { weight: 4, arbitrary: post("/v1/embeddings", "/v1/embeddings", embeddingsBody, EMBEDDING_PADDING) },
  { weight: 4, arbitrary: post("/v1/inspect", "/v1/inspect", inspectBody, INSPECT_PADDING) },
  { weight: 2, arbitrary: models },
  { weight: 3, arbitrary: requestRecord },
  { weight: 2, arbitrary: stray },
);
