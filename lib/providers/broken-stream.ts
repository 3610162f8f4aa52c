import { UpstreamProtocolError } from "./types";

/**
 * Passes an upstream body through, turning a connection that breaks mid-body (reset, closed
 * socket, body timeout) into UpstreamProtocolError, so the pipeline records the stream as
 * incomplete. A cancellation of our own (client gone, signal aborted) stays what it is.
 */
export async function* failOnBrokenBody(
  body: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
  providerName: string,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const bytes of body) yield bytes;
  } catch (cause) {
    if (signal.aborted || cause instanceof UpstreamProtocolError) throw cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : "";
    throw new UpstreamProtocolError(`${providerName} broke off the stream${detail}`);
  }
}
