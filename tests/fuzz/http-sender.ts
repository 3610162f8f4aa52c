import http from "node:http";
import { bodyBytes, type FuzzRequest } from "./fuzz-request";

/**
 * Sends a fuzzed request byte for byte with node:http (fetch would normalise the path, merge
 * duplicate headers and refuse some bytes), and reads the whole answer under a deadline.
 */

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
export type Outcome = { answer: Answer } | { failure: "timeout" | "no answer"; detail: string };

const MAX_BODY_KEPT = 1024 * 1024;

// Idle sockets close before the server's keep-alive timeout (5 s by default), so a reused socket is rarely one the server is closing.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 3_000 });

/** Fills in «name» placeholders with the test world's keys and ids. */
export type Resolver = (text: string) => string;

export async function send(origin: URL, request: FuzzRequest, resolve: Resolver, timeoutMs: number): Promise<Outcome> {
  const payload = bodyBytes(request.body, resolve);
  const headers: string[] = ["host", origin.host];
  for (const [name, value] of request.headers) headers.push(name, resolve(value));
  if (payload) headers.push(...(request.transfer === "chunked" ? ["transfer-encoding", "chunked"] : ["content-length", String(payload.length)]));
  const path = resolve(request.path);
  for (let attempt = 0; ; attempt++) {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return { answer: await exchange(origin, request.method, path, headers, payload, request.transfer, signal) };
    } catch (caught) {
      const error = caught as Error & { code?: string; reusedSocket?: boolean };
      if (signal.aborted) return { failure: "timeout", detail: `no complete answer within ${timeoutMs} ms` };
      // A kept-alive socket the server closed just as it was picked: Node's documented case for one retry.
      if (attempt === 0 && error.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE")) continue;
      return { failure: "no answer", detail: `${error.code ?? error.name}: ${error.message}` };
    }
  }
}

function exchange(origin: URL, method: string, path: string, headers: string[], payload: Buffer | null, transfer: "length" | "chunked", signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: origin.hostname, port: origin.port, method, path, headers, agent, signal }, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on("data", (chunk: Buffer) => {
        if (kept < MAX_BODY_KEPT) chunks.push(chunk);
        kept += chunk.length;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
    if (!payload) return void request.end();
    if (transfer === "length") return void request.end(payload);
    // Chunked: in a few pieces, so the server's streaming read sees more than one.
    const cut = Math.floor(payload.length / 3);
    request.write(payload.subarray(0, cut));
    request.write(payload.subarray(cut, cut * 2));
    request.end(payload.subarray(cut * 2));
  });
}

export function closeSender() {
  agent.destroy();
}
