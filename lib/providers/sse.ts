import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { Abortable } from "@/lib/http/abort-source";
import { UpstreamProtocolError } from "./types";
import type { UpstreamBody } from "./upstream-exchange";

/** What a reader of a provider's stream needs of its body: to be told of each chunk as it comes, and to pace or stop it. */
export type ByteSource = Pick<UpstreamBody, "listen" | "pause" | "resume" | "stop">;

/** A mapper's answer for an event that ends the stream (OpenAI's `[DONE]`). */
export const END_OF_STREAM = Symbol("end of stream");

export type SseOptions<T> = {
  signal: Abortable;
  providerName: string;
  /** An event to the item it stands for, `undefined` to skip it, or END_OF_STREAM; throws on a protocol error. */
  map: (message: EventSourceMessage) => T | undefined | typeof END_OF_STREAM;
  /** Whether the stream must end with END_OF_STREAM: a body that just stops then counts as broken off. */
  endMarkerRequired?: boolean;
};

/** Past this many items unread, the upstream connection is paused until the reader catches up (a slow client). */
const HIGH_WATER_ITEMS = 256;

/**
 * A provider's server-sent events, parsed and mapped as the bytes arrive (in the body's own
 * callback: no promise per layer, so an open stream holds one pending read between chunks and
 * leaves little behind per chunk), read with `for await` or next(). A connection that breaks
 * mid-body (reset, closed socket, body timeout) becomes UpstreamProtocolError, so the stream is
 * recorded as incomplete; our own cancellation (`signal` aborted: client gone, deadline) stays
 * what it is. A reader that stops early (return()) stops the body, whose rest is read and dropped.
 */
export function sseEvents<T>(body: ByteSource, options: SseOptions<T>): AsyncIterableIterator<T> {
  return new SseReader(body, options);
}

/** The events themselves, unmapped, until the body ends. */
export function readSse(body: ByteSource, signal: Abortable, providerName: string): AsyncIterableIterator<EventSourceMessage> {
  return sseEvents(body, { signal, providerName, map: (message) => message });
}

class SseReader<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private outcome: { done: true } | { error: unknown } | undefined;
  private waiting: { resolve(result: IteratorResult<T>): void; reject(error: unknown): void } | undefined;
  private paused = false;

  constructor(
    private readonly body: ByteSource,
    private readonly options: SseOptions<T>,
  ) {
    const decoder = new TextDecoder();
    const parser = createParser({ onEvent: (message) => this.event(message) });
    body.listen({
      data: (bytes) => {
        if (this.outcome) return;
        try {
          parser.feed(decoder.decode(bytes, { stream: true }));
        } catch (error) {
          this.finish({ error });
        }
      },
      end: () => {
        if (this.outcome) return;
        try {
          parser.feed(decoder.decode());
          if (this.outcome) return;
          if (options.endMarkerRequired) throw new UpstreamProtocolError(`${options.providerName} ended the stream before it was complete`);
          this.finish({ done: true });
        } catch (error) {
          this.finish({ error });
        }
      },
      error: (cause) => {
        if (this.outcome) return;
        this.finish({ error: this.broken(cause) });
      },
    });
  }

  /** Throws (from the mapper) to the data callback, which ends the stream with it. */
  private event(message: EventSourceMessage) {
    if (this.outcome) return;
    const item = this.options.map(message);
    if (item === undefined) return;
    if (item === END_OF_STREAM) return this.finish({ done: true });
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      return waiting.resolve({ done: false, value: item });
    }
    this.queue.push(item);
    if (this.queue.length >= HIGH_WATER_ITEMS && !this.paused) {
      this.paused = true;
      this.body.pause();
    }
  }

  private broken(cause: unknown): unknown {
    if (this.options.signal.aborted || cause instanceof UpstreamProtocolError) return cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : "";
    return new UpstreamProtocolError(`${this.options.providerName} broke off the stream${detail}`);
  }

  /** The stream's end: what is queued is still read first; the rest of the body is dropped. */
  private finish(outcome: { done: true } | { error: unknown }) {
    this.outcome = outcome;
    this.body.stop();
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    if ("error" in outcome) waiting.reject(outcome.error);
    else waiting.resolve({ done: true, value: undefined });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) {
      const value = this.queue.shift()!;
      if (this.paused && this.queue.length <= HIGH_WATER_ITEMS / 2) {
        this.paused = false;
        this.body.resume();
      }
      return Promise.resolve({ done: false, value });
    }
    if (this.outcome) return "error" in this.outcome ? Promise.reject(this.outcome.error) : Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    if (!this.outcome) this.finish({ done: true });
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

/** Parses one SSE data payload as JSON, or says which provider sent something unreadable. */
export function parseSseJson(data: string, provider: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new UpstreamProtocolError(`${provider} sent a stream event that is not JSON`);
  }
}
