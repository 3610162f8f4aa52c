/**
 * One request of the upstream fault suite, sent in one of four ways (the official client or raw
 * fetch, plain or streamed), and what came back judged from the bytes on the wire: a chat
 * completion, a whole SSE stream ending in [DONE], an OpenAI error JSON, a stream ending in an
 * `error` event, or something malformed. The client's requests go through a fetch that keeps a
 * copy of the body, so an answer the client parses leniently (it does not notice a missing
 * [DONE]) is still judged strictly, and the client's own view is checked against it.
 */
import OpenAI from "openai";

export const MODES = ["sdk-plain", "sdk-stream", "fetch-plain", "fetch-stream"] as const;
export type Mode = (typeof MODES)[number];

/** Longer than anything a request of the suite may take: past it the request counts as hung. */
const HANG_GUARD_MS = 10_000;

export type Seen =
  | { kind: "answer"; served: string; text: string; routing: unknown }
  | { kind: "stream"; served: string; text: string }
  | { kind: "error"; status: number; type: string; code: string | null }
  | { kind: "stream-error"; served: string; text: string; type: string; code: string | null }
  | { kind: "malformed"; why: string }
  | { kind: "hang" };

export type Observation = {
  mode: Mode;
  stream: boolean;
  prompt: string;
  requestId: string | null;
  /** `x-gateway-attempts` and `x-gateway-provider` as the client received them. */
  attempts: number | null;
  provider: string | null;
  seen: Seen;
  /** Set when the official client's view differs from the wire (it accepted an error, or raised on an answer). */
  clientDisagrees?: string;
};

type Wire = { status: number; headers: Headers; text: string };

export async function sendRequest(gatewayUrl: string, key: string, model: string, prompt: string, mode: Mode): Promise<Observation> {
  const stream = mode.endsWith("stream");
  const guard = AbortSignal.timeout(HANG_GUARD_MS);
  const base = { mode, stream, prompt, requestId: null, attempts: null, provider: null };
  let wire: Wire;
  let client: ClientView | undefined;
  try {
    if (mode.startsWith("sdk")) ({ wire, client } = await viaClient(gatewayUrl, key, model, prompt, stream, guard));
    else wire = await viaFetch(gatewayUrl, key, model, prompt, stream, guard);
  } catch (error) {
    if (guard.aborted) return { ...base, seen: { kind: "hang" } };
    return { ...base, seen: { kind: "malformed", why: `the connection failed: ${(error as Error).message}` } };
  }
  const attempts = wire.headers.get("x-gateway-attempts");
  const observation: Observation = {
    ...base,
    requestId: wire.headers.get("x-request-id"),
    attempts: attempts === null ? null : Number(attempts),
    provider: wire.headers.get("x-gateway-provider"),
    seen: judge(wire, prompt, stream),
  };
  if (client) observation.clientDisagrees = disagreement(client, observation);
  return observation;
}

async function viaFetch(gatewayUrl: string, key: string, model: string, prompt: string, stream: boolean, signal: AbortSignal): Promise<Wire> {
  const response = await fetch(`${gatewayUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content: prompt }] }),
    signal,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

type ClientView = { requestId: string | null; text: string } | { requestId: string | null; error: unknown };

/**
 * The official client, over a fetch that tees the body. The copy is read on the suite's own
 * signal, so the client aborting its request when it meets an error event does not lose bytes.
 */
async function viaClient(gatewayUrl: string, key: string, model: string, prompt: string, stream: boolean, signal: AbortSignal) {
  let copy: Promise<Wire> | undefined;
  const keepingCopy = (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, { ...init, signal });
    const [mine, theirs] = response.body ? response.body.tee() : [null, null];
    copy = new Response(mine).text().then((text) => ({ status: response.status, headers: response.headers, text }));
    return new Response(theirs, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as typeof fetch;
  const openai = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: key, maxRetries: 0, timeout: HANG_GUARD_MS * 2, fetch: keepingCopy });
  const messages = [{ role: "user" as const, content: prompt }];
  let client: ClientView;
  try {
    if (stream) {
      const { data, response } = await openai.chat.completions.create({ model, messages, stream: true }).withResponse();
      let text = "";
      try {
        for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? "";
        client = { requestId: response.headers.get("x-request-id"), text };
      } catch (error) {
        client = { requestId: response.headers.get("x-request-id"), error };
      }
    } else {
      const { data, response } = await openai.chat.completions.create({ model, messages }).withResponse();
      client = { requestId: response.headers.get("x-request-id"), text: data.choices[0]?.message.content ?? "" };
    }
  } catch (error) {
    if (!copy) throw error; // no response at all
    client = { requestId: error instanceof OpenAI.APIError ? (error.requestID ?? null) : null, error };
  }
  return { wire: await copy!, client };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `Provider <name>` (routing-world's naming) to the target's name. */
const targetOf = (provider: string | null) => provider?.replace(/^Provider /, "") ?? null;

function judge(wire: Wire, prompt: string, stream: boolean): Seen {
  const contentType = wire.headers.get("content-type") ?? "";
  const served = targetOf(wire.headers.get("x-gateway-provider"));
  const expected = (target: string) => `from ${target}: ${prompt}`;
  if (wire.status !== 200) return judgeError(wire, contentType);
  if (!stream) {
    if (!contentType.startsWith("application/json")) return { kind: "malformed", why: `200 with content-type ${contentType}` };
    const body = parse(wire.text);
    const message = isRecord(body) && Array.isArray(body.choices) && isRecord(body.choices[0]) ? body.choices[0].message : undefined;
    if (!isRecord(body) || body.object !== "chat.completion" || !isRecord(message) || typeof message.content !== "string") {
      return { kind: "malformed", why: `200 without a chat completion: ${wire.text.slice(0, 120)}` };
    }
    if (!served || message.content !== expected(served)) return { kind: "malformed", why: `answer "${message.content}" from provider ${served}` };
    return { kind: "answer", served, text: message.content, routing: isRecord(body.gateway) ? body.gateway.routing : undefined };
  }
  if (!contentType.startsWith("text/event-stream")) return { kind: "malformed", why: `stream answered 200 with content-type ${contentType}` };
  if (!wire.text.endsWith("\n\n")) return { kind: "malformed", why: `stream ends mid-event: …${wire.text.slice(-80)}` };
  const events = wire.text.slice(0, -2).split("\n\n");
  let text = "";
  for (const [index, event] of events.entries()) {
    const last = index === events.length - 1;
    if (!event.startsWith("data: ") || event.includes("\n")) return { kind: "malformed", why: `not a data event: ${event.slice(0, 80)}` };
    const data = event.slice("data: ".length);
    if (data === "[DONE]") {
      if (!last) return { kind: "malformed", why: "events after [DONE]" };
      if (!served || text !== expected(served)) return { kind: "malformed", why: `[DONE] after "${text}" from provider ${served}` };
      return { kind: "stream", served, text };
    }
    const payload = parse(data);
    if (isRecord(payload) && "error" in payload) {
      if (!last) return { kind: "malformed", why: "events after the error event" };
      const error = openAiError(payload);
      if (!error) return { kind: "malformed", why: `error event not in OpenAI's shape: ${data.slice(0, 120)}` };
      if (!served || !expected(served).startsWith(text)) return { kind: "malformed", why: `"${text}" before the error is not from provider ${served}` };
      return { kind: "stream-error", served, text, type: error.type, code: error.code };
    }
    if (!isRecord(payload) || payload.object !== "chat.completion.chunk" || !Array.isArray(payload.choices)) {
      return { kind: "malformed", why: `not a chat.completion.chunk: ${data.slice(0, 120)}` };
    }
    const delta = isRecord(payload.choices[0]) ? payload.choices[0].delta : undefined;
    if (isRecord(delta) && typeof delta.content === "string") text += delta.content;
  }
  return { kind: "malformed", why: "the stream ended with neither [DONE] nor an error event" };
}

function judgeError(wire: Wire, contentType: string): Seen {
  if (!contentType.startsWith("application/json")) return { kind: "malformed", why: `${wire.status} with content-type ${contentType}` };
  const body = parse(wire.text);
  const error = isRecord(body) && Object.keys(body).length === 1 ? openAiError(body) : null;
  if (!error) return { kind: "malformed", why: `${wire.status} body not an OpenAI error: ${wire.text.slice(0, 120)}` };
  return { kind: "error", status: wire.status, type: error.type, code: error.code };
}

/** `{ error: { message, type, code, param } }` with nothing missing, or null. */
function openAiError(body: Record<string, unknown>): { type: string; code: string | null } | null {
  const error = body.error;
  if (!isRecord(error) || typeof error.message !== "string" || typeof error.type !== "string") return null;
  if (!(typeof error.code === "string" || error.code === null) || !(typeof error.param === "string" || error.param === null)) return null;
  return { type: error.type, code: error.code };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What the official client made of the same bytes, where it differs from the wire. */
function disagreement(client: ClientView, observation: Observation): string | undefined {
  const { seen } = observation;
  if (client.requestId !== observation.requestId) return `client saw request id ${client.requestId}, the wire ${observation.requestId}`;
  if (seen.kind === "answer" || seen.kind === "stream") {
    if ("error" in client) return `client raised ${(client.error as Error).message} on a good answer`;
    if (client.text !== seen.text) return `client read "${client.text}", the wire "${seen.text}"`;
    return undefined;
  }
  if (seen.kind === "error" || seen.kind === "stream-error") {
    if (!("error" in client)) return `client accepted "${client.text}" where the wire had an error`;
    const error = client.error;
    if (!(error instanceof OpenAI.APIError)) return `client raised ${String(error)}, not an APIError`;
    if (error.code !== seen.code || error.type !== seen.type) return `client's APIError is ${error.type}/${error.code}, the wire's ${seen.type}/${seen.code}`;
    if (seen.kind === "error" && error.status !== seen.status) return `client's APIError has status ${error.status}, the wire ${seen.status}`;
  }
  return undefined;
}
