import type { ChatCompletionChunk } from "@/lib/providers/types";

/** What the router learns from a stream it committed to: that it ended, or how it broke. */
export type StreamOutcome = { ended(): void; failed(error: unknown): void };

/**
 * The served target's stream, from the first chunk (read already, to commit to the target) on.
 * Tells `outcome` how it went, once; a reader that stops early (the client left, the policy
 * stopped the answer) stops the provider's stream. A plain iterator rather than a generator:
 * a generator would add a promise and its bookkeeping per chunk to every open stream.
 */
export class CommittedStream implements AsyncIterableIterator<ChatCompletionChunk> {
  private settled = false;

  constructor(
    private readonly source: AsyncIterator<ChatCompletionChunk>,
    private first: IteratorResult<ChatCompletionChunk> | undefined,
    private readonly outcome: StreamOutcome,
  ) {}

  next(): Promise<IteratorResult<ChatCompletionChunk>> {
    const first = this.first;
    if (first) {
      this.first = undefined;
      return Promise.resolve(this.seen(first));
    }
    if (this.settled) return Promise.resolve({ done: true, value: undefined });
    return this.source.next().then(this.seen, this.broke);
  }

  private readonly seen = (result: IteratorResult<ChatCompletionChunk>) => {
    if (result.done && !this.settled) {
      this.settled = true;
      this.outcome.ended();
    }
    return result;
  };

  private readonly broke = (error: unknown): never => {
    if (!this.settled) {
      this.settled = true;
      this.outcome.failed(error);
    }
    throw error;
  };

  async return(): Promise<IteratorResult<ChatCompletionChunk>> {
    this.first = undefined;
    if (!this.settled) {
      this.settled = true;
      await this.source.return?.().catch(() => undefined);
    }
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
