import { createServer, IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityHeadersResponse } from "@/lib/server/security-headers-response";

const SECURITY = [
  ["X-Content-Type-Options", "nosniff"],
  ["Strict-Transport-Security", "max-age=63072000; includeSubDomains"],
] as const;
const shared = Object.freeze({ "content-type": "application/json" }); // frozen: writing into it would throw

/** Each path answers in one of the ways a handler can; /plain is a response not marked for the headers. */
const answers: Record<string, (res: ServerResponse) => void> = {
  "/object": (res) => res.writeHead(200, shared).end("{}"),
  "/reason": (res) => res.writeHead(201, "Made", { "content-type": "text/plain" }).end("ok"),
  "/implicit": (res) => {
    res.setHeader("content-type", "text/plain");
    res.end("ok");
  },
  "/array": (res) => res.writeHead(200, ["content-type", "text/plain"]).end("ok"),
  "/own-value": (res) => res.writeHead(200, { "X-Content-Type-Options": "custom", "content-type": "text/plain" }).end("ok"),
  "/set-then-object": (res) => {
    res.setHeader("x-extra", "1");
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  },
  "/plain": (res) => res.writeHead(200, { "content-type": "text/plain" }).end("ok"),
};

let server: Server;
let origin: string;

beforeAll(async () => {
  const ServerResponse = securityHeadersResponse(SECURITY);
  server = createServer({ IncomingMessage, ServerResponse }, (req, res) => {
    res.addSecurityHeaders = req.url !== "/plain";
    answers[req.url!]!(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("security headers added in writeHead", () => {
  it.each(["/object", "/reason", "/implicit", "/array", "/set-then-object"])("%s: every header once, beside the answer's own", async (path) => {
    const response = await fetch(origin + path);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(response.headers.get("content-type")).toMatch(/^(application\/json|text\/plain)$/);
    await response.text();
  });

  it("keeps the status, the reason phrase and headers set before writeHead", async () => {
    const made = await fetch(`${origin}/reason`);
    expect([made.status, made.statusText]).toEqual([201, "Made"]);
    expect((await fetch(`${origin}/set-then-object`)).headers.get("x-extra")).toBe("1");
  });

  it("an answer's own value wins, whatever the case of its name", async () => {
    const response = await fetch(`${origin}/own-value`);
    expect(response.headers.get("x-content-type-options")).toBe("custom");
  });

  it("leaves responses that are not marked alone, and the header object it was given unchanged", async () => {
    const plain = await fetch(`${origin}/plain`);
    expect(plain.headers.get("x-content-type-options")).toBeNull();
    expect(shared).toEqual({ "content-type": "application/json" });
  });
});
