import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchange, type UpstreamBody } from "@/lib/providers/upstream-exchange";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MEGABYTES_3 = Buffer.alloc(3 * 1024 * 1024, "abcdefghij");

/** Listens to a body to its end and gives its bytes; `onData` sees each chunk as it comes. */
function listenToEnd(body: UpstreamBody, onData: (chunk: Buffer) => void = () => {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.listen({
      data(chunk) {
        chunks.push(Buffer.from(chunk));
        onData(chunk);
      },
      end: () => resolve(Buffer.concat(chunks)),
      error: reject,
    });
  });
}

/** A loopback upstream: each path answers one way. */
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>> = {
  "/json": (req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => res.writeHead(201, { "content-type": "application/json", "x-echo": req.method! }).end(JSON.stringify({ got: JSON.parse(text || "null") })));
  },
  "/chunks": async (_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (let i = 0; i < 5; i++) {
      res.write(`data: ${i}\n\n`);
      await sleep(5);
    }
    res.end();
  },
  // "é" (two bytes) split across two writes
  "/split-utf8": async (_req, res) => {
    res.writeHead(200);
    res.write(Buffer.from([0x63, 0x61, 0x66, 0xc3]));
    await sleep(5);
    res.end(Buffer.from([0xa9]));
  },
  "/slow-headers": async (_req, res) => {
    await sleep(2_000);
    res.end("late");
  },
  "/slow-body": async (_req, res) => {
    res.writeHead(200);
    res.write("first");
    await sleep(2_000);
    res.end("late");
  },
  "/big": (_req, res) => {
    res.end(MEGABYTES_3);
  },
};

let server: Server;
let origin: string;
const sockets = new Set<unknown>();
let socketsClosed = 0;
const agent = new Agent({ connections: 4 });
const never = () => new AbortController().signal;

beforeAll(async () => {
  server = createServer((req, res) => void routes[req.url!]!(req, res));
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => socketsClosed++);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("an upstream exchange on the dispatcher API", () => {
  it("sends the method, headers and body; gives the status, headers and JSON", async () => {
    const response = await exchange(agent, `${origin}/json`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}', signal: never() });
    expect(response.status).toBe(201);
    expect(response.headers["x-echo"]).toBe("POST");
    expect(await response.body.json()).toEqual({ got: { a: 1 } });
  });

  it("hands a streamed body to its listener in order as it arrives, and text() decodes characters split across chunks", async () => {
    const streamed = await exchange(agent, `${origin}/chunks`, { method: "GET", signal: never() });
    const text = (await listenToEnd(streamed.body)).toString();
    expect(text).toBe([0, 1, 2, 3, 4].map((i) => `data: ${i}\n\n`).join(""));
    const split = await exchange(agent, `${origin}/split-utf8`, { method: "GET", signal: never() });
    expect(await split.body.text()).toBe("café");
  });

  it("delivers a body far larger than what it buffers unread, whole and in order, to a listener that pauses it", async () => {
    const response = await exchange(agent, `${origin}/big`, { method: "GET", signal: never() });
    let pauses = 0;
    const body = await listenToEnd(response.body, () => {
      // slower than loopback delivers: the connection waits meanwhile
      response.body.pause();
      pauses++;
      setTimeout(() => response.body.resume(), 1);
    });
    expect(body.equals(MEGABYTES_3)).toBe(true);
    expect(pauses).toBeGreaterThan(1);
  });

  it("hands a listener that comes late what arrived before it, then the rest (the connection paused meanwhile)", async () => {
    const response = await exchange(agent, `${origin}/big`, { method: "GET", signal: never() });
    await sleep(100); // far more than HIGH_WATER_BYTES arrives on loopback meanwhile, unless paused
    expect((await listenToEnd(response.body)).equals(MEGABYTES_3)).toBe(true);
    // A listener that pauses the body while what was queued is handed over keeps it paused until it resumes.
    const paced = await exchange(agent, `${origin}/big`, { method: "GET", signal: never() });
    await sleep(100);
    let paused = false;
    let resumed = false;
    let bytesBeforeResume = 0;
    const whole = await listenToEnd(paced.body, (chunk) => {
      if (!paused) {
        paused = true;
        paced.body.pause();
        setTimeout(() => ((resumed = true), paced.body.resume()), 50);
      }
      if (!resumed) bytesBeforeResume += chunk.length;
    });
    expect(whole.equals(MEGABYTES_3)).toBe(true);
    expect(bytesBeforeResume).toBeLessThan(MEGABYTES_3.length / 2); // what was queued, not the rest
  });

  it("keeps the connection when the reader stops early: the rest is read and dropped", async () => {
    const [openedBefore, closedBefore] = [sockets.size, socketsClosed];
    for (let i = 0; i < 3; i++) {
      const response = await exchange(agent, `${origin}/chunks`, { method: "GET", signal: never() });
      await new Promise<void>((resolve, reject) => {
        response.body.listen({ data: () => (response.body.stop(), resolve()), end: resolve, error: reject }); // e.g. [DONE] seen
      });
      await sleep(60); // the rest of the answer arrives meanwhile
    }
    const response = await exchange(agent, `${origin}/json`, { method: "POST", body: "1", signal: never() });
    expect(await response.body.json()).toEqual({ got: 1 });
    expect(socketsClosed - closedBefore).toBe(0); // none torn down
    expect(sockets.size - openedBefore).toBeLessThanOrEqual(1); // one connection served them all
  });

  it("rejects with the signal's reason when aborted before the answer, or before the call", async () => {
    const controller = new AbortController();
    const pending = exchange(agent, `${origin}/slow-headers`, { method: "GET", signal: controller.signal });
    setTimeout(() => controller.abort(new DOMException("deadline", "TimeoutError")), 20);
    await expect(pending).rejects.toMatchObject({ name: "TimeoutError" });
    await expect(exchange(agent, `${origin}/json`, { method: "GET", signal: AbortSignal.abort(new Error("gone")) })).rejects.toThrow("gone");
  });

  it("ends a body being read with the signal's reason when aborted mid-way", async () => {
    const controller = new AbortController();
    const response = await exchange(agent, `${origin}/slow-body`, { method: "GET", signal: controller.signal });
    const read = listenToEnd(response.body);
    setTimeout(() => controller.abort(new Error("client left")), 20);
    await expect(read).rejects.toThrow("client left");
  });
});
