/**
 * An OpenAI-compatible upstream for the bench, on bare node:http so that it costs far less than any
 * gateway in front of it. Run alone: `MOCK_PORT=9100 tsx scripts/bench/mock-upstream.ts`.
 *
 * The mode comes from the `x-mock-mode` header or, since gateways do not forward client headers, from
 * the model name the gateway sends upstream:
 *   fast (any unknown model)  the chat.completion at once; with `stream: true`, the `stream` mode
 *   delay<ms>                 the chat.completion after a fixed delay (`delay60`)
 *   stream[-<ms>]             SSE: a role chunk, 64 content chunks <ms> apart (default 20), [DONE]
 *   longstream[-<s>]          SSE: a content chunk every second for <s> seconds (or `x-mock-seconds`)
 * (`x-mock-interval-ms` overrides a stream's spacing.)
 * Streams end with a usage chunk before [DONE] when `stream_options.include_usage` is set. A
 * `stream` chunk is one token (`tok<n> `); a `longstream` chunk is a second's worth of tokens
 * (~100 characters), so a gateway that holds back a short window of text to inspect the answer
 * still has something to release every second: a long gap then means the gateway fell behind.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const STREAM_CHUNKS = 64;
const USAGE = { prompt_tokens: 12, completion_tokens: STREAM_CHUNKS, total_tokens: 12 + STREAM_CHUNKS };
const CREATED = Math.floor(Date.now() / 1000);

type StreamMode = { kind: "stream"; intervalMs: number; chunks: number; text: (n: number) => string };
type Mode = { kind: "fast" } | { kind: "delay"; ms: number } | StreamMode;

const token = (n: number) => `tok${n} `;
const SECOND_OF_TOKENS = " lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore";
const secondOfTokens = (n: number) => (token(n) + SECOND_OF_TOKENS).slice(0, 99) + " ";

function completionBody(model: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      id: "chatcmpl-bench",
      object: "chat.completion",
      created: CREATED,
      model,
      choices: [{ index: 0, message: { role: "assistant", content: "Hello from the bench mock." }, finish_reason: "stop" }],
      usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
    }),
  );
}

// One serialised answer per model name: the hot path only writes bytes.
const completions = new Map<string, Buffer>();
function completionFor(model: string): Buffer {
  let body = completions.get(model);
  if (!body) completions.set(model, (body = completionBody(model)));
  return body;
}

function parseMode(name: string, stream: boolean, seconds: number): Mode | null {
  const match = /^(?:(fast)|delay(\d+)|stream(?:-(\d+))?|longstream(?:-(\d+))?)$/.exec(name);
  if (!match) return null;
  if (match[1]) return stream ? { kind: "stream", intervalMs: 20, chunks: STREAM_CHUNKS, text: token } : { kind: "fast" };
  if (match[2]) return { kind: "delay", ms: Number(match[2]) };
  if (name.startsWith("stream")) return { kind: "stream", intervalMs: Number(match[3] ?? 20), chunks: STREAM_CHUNKS, text: token };
  return { kind: "stream", intervalMs: 1000, chunks: Math.max(1, Number(match[4] ?? seconds)) + 1, text: secondOfTokens };
}

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

function chunk(model: string, delta: Record<string, string>, finishReason: string | null = null) {
  return sse({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: CREATED, model, choices: [{ index: 0, delta, finish_reason: finishReason }] });
}

/** The role chunk and the first content chunk go out at once, so time to first token is the path's cost alone. */
function streamAnswer(res: ServerResponse, model: string, mode: StreamMode, includeUsage: boolean) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.write(chunk(model, { role: "assistant", content: "" }));
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    sent++;
    const last = sent === mode.chunks;
    res.write(chunk(model, { content: mode.text(sent) }, last ? "stop" : null));
    if (!last) return void (timer = setTimeout(next, mode.intervalMs));
    if (includeUsage) res.write(sse({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: CREATED, model, choices: [], usage: USAGE }));
    res.end("data: [DONE]\n\n");
  };
  res.on("close", () => clearTimeout(timer));
  next();
}

function answer(req: IncomingMessage, res: ServerResponse, raw: string) {
  let body: { model?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown } };
  try {
    body = JSON.parse(raw);
  } catch {
    return json(res, 400, { error: { message: "invalid JSON", type: "invalid_request_error" } });
  }
  const model = typeof body.model === "string" ? body.model : "gpt-4o-mini";
  const stream = body.stream === true;
  const seconds = Number(req.headers["x-mock-seconds"] ?? 10);
  const headerMode = req.headers["x-mock-mode"];
  const mode = (typeof headerMode === "string" ? parseMode(headerMode, stream, seconds) : null) ?? parseMode(model, stream, seconds) ?? parseMode("fast", stream, seconds)!;
  const interval = Number(req.headers["x-mock-interval-ms"]);
  if (mode.kind === "stream") return streamAnswer(res, model, Number.isFinite(interval) && interval >= 0 ? { ...mode, intervalMs: interval } : mode, body.stream_options?.include_usage === true);
  const send = () => {
    const payload = completionFor(model);
    res.writeHead(200, { "content-type": "application/json", "content-length": payload.length });
    res.end(payload);
  };
  if (mode.kind === "delay") {
    const timer = setTimeout(send, mode.ms);
    res.on("close", () => clearTimeout(timer));
  } else {
    send();
  }
}

function json(res: ServerResponse, status: number, value: unknown) {
  const payload = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { "content-type": "application/json", "content-length": payload.length });
  res.end(payload);
}

const models = Buffer.from(
  JSON.stringify({ object: "list", data: ["gpt-4o-mini", "fast", "delay60", "stream", "longstream"].map((id) => ({ id, object: "model", created: CREATED, owned_by: "bench" })) }),
);

// Keep-alive longer than any client's idle gap, so the bench never pays for reconnections.
const server = createServer({ noDelay: true, keepAliveTimeout: 65_000 }, (req, res) => {
  const path = req.url?.split("?", 1)[0];
  if (req.method === "GET" && path === "/v1/models") {
    res.writeHead(200, { "content-type": "application/json", "content-length": models.length });
    return void res.end(models);
  }
  if (req.method !== "POST" || path !== "/v1/chat/completions") return json(res, 404, { error: { message: "not found", type: "invalid_request_error" } });
  const parts: Buffer[] = [];
  req.on("data", (part: Buffer) => parts.push(part));
  req.on("end", () => answer(req, res, parts.length === 1 ? parts[0]!.toString() : Buffer.concat(parts).toString()));
});
const port = Number(process.env.MOCK_PORT ?? process.env.PORT ?? 9100);
server.listen(port, "127.0.0.1", () => console.log(`[mock] listening on http://127.0.0.1:${port}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
