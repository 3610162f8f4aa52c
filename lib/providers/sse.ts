import { createParser, type EventSourceMessage } from "eventsource-parser";
import { UpstreamProtocolError } from "./types";

/** Server-sent events from an upstream body, one message at a time. */
export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<EventSourceMessage> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => pending.push(message) });
  const decoder = new TextDecoder();
  for await (const bytes of body) {
    parser.feed(decoder.decode(bytes, { stream: true }));
    while (pending.length > 0) yield pending.shift()!;
  }
  parser.feed(decoder.decode());
  while (pending.length > 0) yield pending.shift()!;
}

/** Parses one SSE data payload as JSON, or says which provider sent something unreadable. */
export function parseSseJson(data: string, provider: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new UpstreamProtocolError(`${provider} sent a stream event that is not JSON`);
  }
}
