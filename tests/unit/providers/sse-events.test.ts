import { describe, expect, it } from "vitest";
import { END_OF_STREAM, sseEvents, type ByteSource } from "@/lib/providers/sse";
import { UpstreamProtocolError } from "@/lib/providers/types";
import type { BodyListener } from "@/lib/providers/upstream-exchange";

/** A body driven by the test: it says what arrives and when, and records what the reader did to it. */
function scriptedBody() {
  let listener: BodyListener | undefined;
  const calls: string[] = [];
  const body: ByteSource = {
    listen: (l) => void (listener = l),
    pause: () => void calls.push("pause"),
    resume: () => void calls.push("resume"),
    stop: () => void calls.push("stop"),
  };
  return {
    body,
    calls,
    send: (text: string) => listener!.data(Buffer.from(text)),
    end: () => listener!.end(),
    fail: (error: unknown) => listener!.error(error),
  };
}

const events = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `data: ${from + i}\n\n`).join("");
const numbers = (source: ByteSource, signal = new AbortController().signal, endMarkerRequired = false) =>
  sseEvents(source, { signal, providerName: "Acme", endMarkerRequired, map: (m) => (m.data === "[DONE]" ? END_OF_STREAM : Number(m.data)) });

async function readAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const read: T[] = [];
  for await (const item of items) read.push(item);
  return read;
}

describe("a provider's server-sent events, read as they arrive", () => {
  it("maps events split anywhere across chunks, in order, and ends at the end marker, dropping the rest", async () => {
    const upstream = scriptedBody();
    const reading = readAll(numbers(upstream.body));
    upstream.send("data: 1\n\nda");
    upstream.send("ta: 2\n");
    upstream.send("\ndata: [DONE]\n\ndata: 3\n\n");
    expect(await reading).toEqual([1, 2]);
    expect(upstream.calls).toEqual(["stop"]);
  });

  it("pauses the connection while many events wait unread and resumes it once the reader has caught up", async () => {
    const upstream = scriptedBody();
    const reader = numbers(upstream.body);
    upstream.send(events(300));
    expect(upstream.calls).toEqual(["pause"]);
    for (let i = 0; i < 100; i++) expect((await reader.next()).value).toBe(i);
    expect(upstream.calls).toEqual(["pause"]); // 200 still unread
    for (let i = 100; i < 200; i++) expect((await reader.next()).value).toBe(i);
    expect(upstream.calls).toEqual(["pause", "resume"]);
    upstream.end();
    expect((await readAll(reader)).length).toBe(100);
  });

  it("says a connection that broke mid-body is the provider's protocol failure, after what came before it", async () => {
    const upstream = scriptedBody();
    const reading = readAll(numbers(upstream.body)).catch((error: unknown) => error);
    upstream.send(events(2));
    upstream.fail(new Error("other side closed"));
    const error = await reading;
    expect(error).toBeInstanceOf(UpstreamProtocolError);
    expect((error as Error).message).toBe("Acme broke off the stream: other side closed");
  });

  it("keeps our own cancellation as it is: the signal's reason, not the provider's failure", async () => {
    const upstream = scriptedBody();
    const controller = new AbortController();
    const reader = numbers(upstream.body, controller.signal);
    const pending = reader.next();
    const reason = new Error("the client left");
    controller.abort(reason);
    upstream.fail(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("when the end marker is required, a body that just stops is a stream cut short", async () => {
    const upstream = scriptedBody();
    const reading = readAll(numbers(upstream.body, new AbortController().signal, true));
    upstream.send(events(1));
    upstream.end();
    await expect(reading).rejects.toThrow("Acme ended the stream before it was complete");
  });

  it("an event the mapper refuses ends the stream with its error after the events before it, and stops the body", async () => {
    const upstream = scriptedBody();
    const reader = sseEvents(upstream.body, {
      signal: new AbortController().signal,
      providerName: "Acme",
      map: (m) => {
        if (m.data === "bad") throw new UpstreamProtocolError("Acme sent a stream event that is not JSON");
        return m.data;
      },
    });
    upstream.send("data: ok\n\ndata: bad\n\ndata: later\n\n");
    expect(await reader.next()).toEqual({ done: false, value: "ok" });
    await expect(reader.next()).rejects.toThrow("not JSON");
    expect(upstream.calls).toEqual(["stop"]);
  });

  it("a reader that stops early stops the body, and a pending read ends", async () => {
    const upstream = scriptedBody();
    const reader = numbers(upstream.body);
    upstream.send(events(1));
    expect((await reader.next()).value).toBe(0);
    const pending = reader.next();
    await reader.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(upstream.calls).toEqual(["stop"]);
    upstream.send(events(1, 5)); // whatever still arrives is not read
    expect(await reader.next()).toEqual({ done: true, value: undefined });
  });
});
