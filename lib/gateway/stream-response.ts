import type { Abortable } from "@/lib/http/abort-source";
import type { ChatCompletionChunk, Usage } from "@/lib/providers/types";
import { UpstreamProtocolError } from "@/lib/providers/types";
import { OutputBlockedError, type ChunkSink, type StreamInspection } from "./output-stream";
import { STORED_TEXT_LIMIT } from "./stored-prompt";

export type StreamSummary = {
  completed: boolean;
  error?: { code: string; message: string };
  ttftMs: number | null;
  usage: Usage | null;
  /** The answer's text, when the stream was asked to keep it (`keepText`); else empty. */
  text: string;
  /** Characters of the answer's text, kept or not (for a token estimate when no usage came). */
  textLength: number;
};

const encoder = new TextEncoder();
const sse = (data: string) => encoder.encode(`data: ${data}\n\n`);

/**
 * Sends OpenAI-format chunks to the client as server-sent events and reports how it went. Each
 * chunk of the provider's goes through `inspection` (which may hold text back, redact or block)
 * in the same turn it is read, so a read of the client's may take several of the provider's.
 * A failure after the first byte cannot become an HTTP error any more: the stream ends with an
 * `error` event and no `[DONE]`, so clients see it was cut, and the audit row says incomplete.
 * When the client goes away, `abortUpstream` stops the provider call. The client's going can show up
 * first as `clientSignal` aborting the provider call (lib/http/client-connection.ts hears the
 * hang-up) and only then as `cancel()`; either way the audit blames the client, not the provider.
 * `onFinish` runs before the last event (`[DONE]` or the error) goes out, so with AUDIT_SYNC a
 * client that saw the stream end knows its audit row is written.
 * The answer's text is kept only with `keepText` (the org stores answers): otherwise every open
 * stream would hold its whole answer until the end for nothing.
 */
export function sseStream(
  chunks: AsyncIterable<ChatCompletionChunk>,
  options: {
    startedAt: number;
    keepText: boolean;
    inspection: StreamInspection;
    abortUpstream: () => void;
    onFinish: (summary: StreamSummary) => Promise<void>;
    clientSignal?: Abortable;
  },
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const { inspection } = options;
  const summary: StreamSummary = { completed: false, ttftMs: null, usage: null, text: "", textLength: 0 };
  let finished = false;
  let cancelled = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let sentThisPull = false;
  const send: ChunkSink = (chunk) => {
    observe(chunk, summary, options.startedAt, options.keepText);
    controller.enqueue(sse(JSON.stringify(chunk)));
    sentThisPull = true;
  };
  const clientLeft = () => {
    summary.error = { code: "client_disconnected", message: "The client disconnected before the stream ended." };
  };
  const finish = async () => {
    if (finished) return;
    finished = true;
    await options.onFinish(summary);
  };
  return new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
    },
    async pull() {
      sentThisPull = false;
      try {
        // Until something went out: a pull that sent nothing would not be called again.
        while (!sentThisPull) {
          const { done, value } = await iterator.next();
          // The client left meanwhile: cancel() stopped the provider's stream (which may read as its
          // end) and records the stream as the client's doing; nothing more goes out.
          if (cancelled) return;
          if (done) {
            inspection.flush(send);
            summary.completed = true;
            await finish();
            if (cancelled) return; // the client left while the row was written
            controller.enqueue(sse("[DONE]"));
            controller.close();
            return;
          }
          inspection.push(value, send);
        }
      } catch (caught) {
        if (cancelled) return; // the client left; cancel() has recorded why and aborted the upstream
        if (options.clientSignal?.aborted) {
          clientLeft(); // the hang-up aborted the provider call before cancel() ran
          options.abortUpstream();
          await finish();
          return;
        }
        const error = releaseHeld(caught, inspection, send);
        const blocked = error instanceof OutputBlockedError;
        const message = blocked || error instanceof UpstreamProtocolError ? error.message : "The provider's stream failed.";
        const code = blocked ? "policy_violation" : "upstream_stream_error";
        summary.error = { code, message };
        if (blocked) options.abortUpstream();
        const type = blocked ? "invalid_request_error" : "upstream_error";
        await finish();
        if (cancelled) return;
        controller.enqueue(sse(JSON.stringify({ error: { message, type, code, param: null } })));
        controller.close();
      }
    },
    async cancel() {
      cancelled = true;
      clientLeft();
      options.abortUpstream();
      await iterator.return?.().catch(() => undefined);
      await finish();
    },
  });
}

/**
 * The provider broke off: what was held back is all there will be, so it is inspected and sent
 * before the stream ends with the provider's error (or with the block, if the policy stops it).
 */
function releaseHeld(error: unknown, inspection: StreamInspection, send: ChunkSink): unknown {
  if (error instanceof OutputBlockedError) return error;
  try {
    inspection.flush(send);
    return error;
  } catch (blocked) {
    return blocked;
  }
}

function observe(chunk: ChatCompletionChunk, summary: StreamSummary, startedAt: number, keepText: boolean) {
  if (chunk.usage) summary.usage = chunk.usage;
  for (const choice of chunk.choices as { delta?: { content?: unknown; tool_calls?: unknown } }[]) {
    const content = choice.delta?.content;
    const hasText = typeof content === "string" && content.length > 0;
    if (hasText || choice.delta?.tool_calls) summary.ttftMs ??= Math.round(performance.now() - startedAt);
    if (!hasText) continue;
    summary.textLength += content.length;
    if (keepText && summary.text.length < STORED_TEXT_LIMIT) summary.text += content;
  }
}
