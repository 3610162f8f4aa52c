import { describe, expect, it } from "vitest";
import { inspectStream } from "@/lib/gateway/output-stream";
import { sseStream, type StreamSummary } from "@/lib/gateway/stream-response";
import type { ChatCompletionChunk } from "@/lib/providers/types";
import { UpstreamProtocolError } from "@/lib/providers/types";
import { contentChunk, outputCodenamePolicy } from "../../fixtures/output-codenames";

const policy = outputCodenamePolicy("block");

/** The provider's chunks, one per turn, then its end or a break. */
async function* provider(pieces: string[], breakWith?: Error): AsyncGenerator<ChatCompletionChunk> {
  for (const piece of pieces) {
    await new Promise((resolve) => setImmediate(resolve));
    yield contentChunk(piece);
  }
  if (breakWith) throw breakWith;
}

/** Streams the pieces to a client through the output inspection; gives the client's events, the summary and whether the upstream was stopped. */
async function serve(pieces: string[], breakWith?: Error) {
  let summary: StreamSummary | undefined;
  let upstreamAborted = false;
  const stream = sseStream(provider(pieces, breakWith), {
    startedAt: performance.now(),
    keepText: true,
    inspection: inspectStream(policy, { model: "m" }, () => {}),
    abortUpstream: () => void (upstreamAborted = true),
    onFinish: async (s) => void (summary = s),
  });
  const text = await new Response(stream).text();
  const events = text.split("\n\n").filter(Boolean).map((event) => event.slice("data: ".length));
  const content = events
    .filter((data) => data !== "[DONE]")
    .map((data) => JSON.parse(data) as { choices?: { delta: { content: string } }[]; error?: { code: string } })
    .map((event) => event.choices?.[0]?.delta.content ?? `<${event.error?.code}>`);
  return { content, last: events.at(-1), summary: summary!, upstreamAborted };
}

describe("an answer streamed to the client through output inspection", () => {
  it("goes on when a chunk is held back whole (a number split across chunks), then sends it masked, and ends with [DONE]", async () => {
    const { content, last, summary } = await serve(["Card: 4111", " 1111", " 1111", " 1111", " thanks."]);
    expect(content.join("")).not.toContain("4111");
    expect(content.join("")).toMatch(/^Card: .+ thanks\.$/);
    expect(last).toBe("[DONE]");
    expect(summary.completed).toBe(true);
    expect(summary.text).toBe(content.join(""));
  });

  it("when the provider breaks off, sends what was held back, then the error event, with no [DONE]", async () => {
    const { content, last, summary } = await serve(["The total is 12"], new UpstreamProtocolError("Acme broke off the stream"));
    expect(content).toEqual(["The total is ", "12", "<upstream_stream_error>"]);
    expect(last).not.toBe("[DONE]");
    expect(summary).toMatchObject({ completed: false, error: { code: "upstream_stream_error", message: "Acme broke off the stream" } });
  });

  it("a blocked answer ends with the policy's error event, none of the blocked text, and the provider stopped", async () => {
    const { content, summary, upstreamAborted } = await serve(["We meet in Zan", "zibar at noon."]);
    expect(content.join("")).not.toContain("Zanzibar");
    expect(content.at(-1)).toBe("<policy_violation>");
    expect(summary).toMatchObject({ completed: false, error: { code: "policy_violation" } });
    expect(upstreamAborted).toBe(true);
  });

  it("a client that leaves while the provider's next chunk is awaited: the stream is the client's, not completed", async () => {
    // Like the provider's reader, return() ends a pending read as the stream's end.
    let pendingRead: ((result: IteratorResult<ChatCompletionChunk>) => void) | undefined;
    let reads = 0;
    const source: AsyncIterableIterator<ChatCompletionChunk> = {
      next: () => (reads++ === 0 ? Promise.resolve({ done: false, value: contentChunk("Hello") }) : new Promise((resolve) => (pendingRead = resolve))),
      return: async () => {
        pendingRead?.({ done: true, value: undefined });
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    let summary: StreamSummary | undefined;
    const stream = sseStream(source, {
      startedAt: performance.now(),
      keepText: false,
      inspection: inspectStream(policy, { model: "m" }, () => {}),
      abortUpstream: () => {},
      onFinish: async (s) => void (summary = s),
    });
    const reader = stream.getReader();
    expect((await reader.read()).done).toBe(false);
    const next = reader.read(); // the provider's next chunk is awaited
    await new Promise((resolve) => setImmediate(resolve));
    await reader.cancel();
    await next;
    expect(summary).toMatchObject({ completed: false, error: { code: "client_disconnected" } });
  });
});
