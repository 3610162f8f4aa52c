/**
 * The soak's requests: which one the i-th is (plain or streamed, small or ~10 KB prompt), sending
 * it, and checking that the whole answer came back. Every answer is checked, not sampled: an
 * answer cut short or garbled under sustained load is exactly what a soak is for.
 */
import type { Pool } from "undici";
import { prompt } from "../bench/targets";
import { nowMs } from "../bench/stats";

export type Kind = "plain" | "stream";

/** What the mock upstream answers (scripts/bench/mock-upstream.ts): a fixed completion, or 64 tokens `tok1 ` … `tok64 ` then usage and [DONE]. */
const PLAIN_TEXT = "Hello from the bench mock.";
const STREAM_TEXT = Array.from({ length: 64 }, (_, i) => `tok${i + 1} `).join("");

const SMALL_PROMPT = 200;
const LARGE_PROMPT = 10 * 1024;

/**
 * A fixed pattern rather than dice, so every run sends the same mix: 3 of every 10 requests are
 * streamed, and every fifth block of 10 carries ~10 KB prompts (20% of each kind).
 */
export function planFor(i: number): { kind: Kind; promptBytes: number } {
  return { kind: i % 10 < 3 ? "stream" : "plain", promptBytes: Math.floor(i / 10) % 5 === 4 ? LARGE_PROMPT : SMALL_PROMPT };
}

export type Models = { plain: string; stream: string };

function bodyFor(i: number, models: Models): string {
  const { kind, promptBytes } = planFor(i);
  // A number of its own in every prompt, so no layer can answer from a cache of identical requests.
  const content = `Request ${i}. ${prompt(promptBytes)}`.slice(0, Math.max(promptBytes, 20));
  const body: Record<string, unknown> = { model: kind === "stream" ? models.stream : models.plain, messages: [{ role: "user", content }], max_tokens: 64 };
  if (kind === "stream") Object.assign(body, { stream: true, stream_options: { include_usage: true } });
  return JSON.stringify(body);
}

export type Outcome = {
  kind: Kind;
  /** The `x-request-id` the gateway answered with (on errors too), or null if no answer came. */
  requestId: string | null;
  /** Null when the answer was whole; otherwise its kind, e.g. `status 502 upstream_error`. */
  error: string | null;
  /** From when the request was due (not when it was sent) to the end of the answer. */
  latencyMs: number;
  /** Streams: from due to the first content chunk. */
  ttftMs: number | null;
};

export type Target = { pool: Pool; headers: Record<string, string>; models: Models };

/** Sends request `i`, due at `due` (nowMs clock), and checks its answer. Never throws. */
export async function send(target: Target, i: number, due: number): Promise<Outcome> {
  const { kind } = planFor(i);
  let requestId: string | null = null;
  let ttftMs: number | null = null;
  const finish = (error: string | null): Outcome => ({ kind, requestId, error, latencyMs: nowMs() - due, ttftMs });
  try {
    const response = await target.pool.request({
      method: "POST",
      path: "/v1/chat/completions",
      headers: target.headers,
      body: bodyFor(i, target.models),
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const id = response.headers["x-request-id"];
    requestId = typeof id === "string" && id ? id : null;
    if (response.statusCode !== 200) return finish(`status ${response.statusCode} ${errorCode(await response.body.text())}`);
    if (!requestId) {
      await response.body.dump();
      return finish("answer without x-request-id");
    }
    if (kind === "plain") return finish(checkPlain(await response.body.text()));
    const problem = await readStream(response.body, () => (ttftMs ??= nowMs() - due));
    return finish(problem);
  } catch (error) {
    const err = error as Error & { code?: string };
    return finish(`network ${err.code ?? err.name}${err.code ? "" : `: ${err.message.slice(0, 80)}`}`);
  }
}

/** The OpenAI error code (or type) of an error answer, to group errors by kind. */
function errorCode(text: string): string {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; type?: unknown } }).error;
    return String(error?.code ?? error?.type ?? "no error code");
  } catch {
    return "non-JSON body";
  }
}

function checkPlain(text: string): string | null {
  let answer: { object?: unknown; choices?: { message?: { content?: unknown } }[] };
  try {
    answer = JSON.parse(text);
  } catch {
    return "plain: body is not JSON";
  }
  if (answer.object !== "chat.completion" || !Array.isArray(answer.choices)) return "plain: not a chat.completion with choices";
  if (answer.choices[0]?.message?.content !== PLAIN_TEXT) return "plain: content differs from the upstream's";
  return null;
}

/** Reads an SSE answer to its end: the whole text, a usage chunk, and `data: [DONE]` as the last event. */
async function readStream(body: AsyncIterable<Buffer>, onFirstToken: () => void): Promise<string | null> {
  let pending = "";
  let text = "";
  let usage = false;
  let done = false;
  let afterDone = false;
  for await (const piece of body) {
    pending += piece.toString();
    let end: number;
    while ((end = pending.indexOf("\n\n")) !== -1) {
      const event = pending.slice(0, end);
      pending = pending.slice(end + 2);
      const data = event
        .split("\n")
        .find((line) => line.startsWith("data:"))
        ?.slice(5)
        .trim();
      if (!data) continue;
      if (done) afterDone = true;
      if (data === "[DONE]") {
        done = true;
        continue;
      }
      let chunk: { choices?: { delta?: { content?: string } }[]; usage?: unknown };
      try {
        chunk = JSON.parse(data);
      } catch {
        return "stream: event is not JSON";
      }
      const content = chunk.choices?.[0]?.delta?.content;
      if (content) {
        onFirstToken();
        text += content;
      }
      if (chunk.usage) usage = true;
    }
  }
  if (!done) return "stream: no data: [DONE]";
  if (afterDone || pending.trim()) return "stream: data after [DONE]";
  if (text !== STREAM_TEXT) return "stream: content differs from the upstream's";
  if (!usage) return "stream: no usage chunk";
  return null;
}
