/**
 * lib/providers/ssrf.ts and the connection-time guard of lib/providers/http.ts. No real DNS:
 * IP literals never need it, and host names resolve through a mocked node:dns that answers from
 * the table below (unknown names fail like NXDOMAIN).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { upstreamRequest } from "@/lib/providers/http";
import { assertPublicUpstream, BlockedUpstreamError, isInternalAddress, privateUpstreamsAllowed } from "@/lib/providers/ssrf";

const dnsTable = vi.hoisted(
  () =>
    new Map<string, { address: string; family: number }[]>([
      ["api.public.test", [{ address: "93.184.215.14", family: 4 }]],
      ["v6.public.test", [{ address: "2606:4700::1111", family: 6 }]],
      ["loopback.rebind.test", [{ address: "127.0.0.1", family: 4 }]],
      ["metadata.rebind.test", [{ address: "169.254.169.254", family: 4 }]],
      ["mixed.rebind.test", [{ address: "93.184.215.14", family: 4 }, { address: "10.1.2.3", family: 4 }]],
      ["v6-loopback.rebind.test", [{ address: "::1", family: 6 }]],
    ]),
);

const notFound = (host: string) => Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", hostname: host });

vi.mock("node:dns/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:dns/promises")>();
  const lookup = async (host: string, options?: { all?: boolean }) => {
    const found = dnsTable.get(host);
    if (!found) throw notFound(host);
    return options?.all ? found : found[0];
  };
  return { ...actual, lookup, default: { ...actual, lookup } };
});

vi.mock("node:dns", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:dns")>();
  const lookup = (host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    const found = dnsTable.get(host);
    setImmediate(() => {
      if (!found) return callback(notFound(host), []);
      if (options?.all) return callback(null, found);
      callback(null, found[0]!.address, found[0]!.family);
    });
  };
  return { ...actual, lookup, default: { ...actual, lookup } };
});

beforeEach(() => {
  vi.stubEnv("ALLOW_PRIVATE_UPSTREAMS", undefined);
  return () => vi.unstubAllEnvs();
});

describe("isInternalAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.20.10.5",
    "172.31.255.255",
    "192.168.0.1",
    "192.168.255.255",
    "169.254.169.254", // cloud metadata
    "169.254.0.1",
    "100.64.0.1", // carrier-grade NAT
    "100.127.255.255",
    "0.0.0.0",
    "0.1.2.3",
    "192.0.0.1",
    "198.18.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "fc00::1",
    "fd12:3456:789a::1",
    "fe80::1",
    "FE80::ABCD",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::FFFF:10.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:7f00:1", // the same, as the URL parser writes it
    "::ffff:a9fe:a9fe",
  ])("%s is internal", (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "172.15.255.255", // just below 172.16/12
    "172.32.0.1", // just above it
    "100.63.255.255",
    "100.128.0.1",
    "192.169.0.1",
    "169.253.255.255",
    "11.0.0.1",
    "2606:4700::1111",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
  ])("%s is public", (address) => {
    expect(isInternalAddress(address)).toBe(false);
  });

  it.each(["", "localhost", "example.com", "300.1.1.1", "1.2.3", "[::1]", "http://127.0.0.1"])("%j is not an IP address, so not judged here", (value) => {
    expect(isInternalAddress(value)).toBe(false);
  });
});

describe("assertPublicUpstream", () => {
  const blocked = (url: string) => expect(assertPublicUpstream(url)).rejects.toBeInstanceOf(BlockedUpstreamError);

  it.each([
    "http://127.0.0.1:9/v1",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "https://192.168.1.10:8443/v1",
    "http://172.16.0.1/",
    "http://100.64.0.1/",
    "http://0.0.0.0:8000/",
    "http://[::1]:8080/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    // numeric forms that the URL parser normalizes to internal IPv4
    "http://2130706433/",
    "http://0x7f000001/",
    "http://127.1/",
    "http://0/",
    "http://017700000001/",
  ])("refuses the IP-literal URL %s", async (url) => {
    await blocked(url);
  });

  it.each(["http://localhost:8000", "http://LOCALHOST/", "http://api.localhost/v1", "http://a.b.localhost:3000"])("refuses %s without asking DNS", async (url) => {
    await blocked(url);
  });

  it.each(["http://loopback.rebind.test/v1", "http://metadata.rebind.test/", "http://mixed.rebind.test/", "http://v6-loopback.rebind.test/"])(
    "refuses %s, a name that resolves to an internal address (any one of its addresses)",
    async (url) => {
      await blocked(url);
    },
  );

  it.each(["https://8.8.8.8/v1", "http://1.1.1.1:8080/", "https://[2606:4700::1111]/v1", "https://api.public.test/v1", "https://v6.public.test/"])(
    "allows the public upstream %s",
    async (url) => {
      await expect(assertPublicUpstream(url)).resolves.toBeUndefined();
    },
  );

  it("fails (not as blocked) for a name that does not resolve", async () => {
    const error = await assertPublicUpstream("https://nxdomain.test/v1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(BlockedUpstreamError);
  });

  it("names the host and the way out in its message", async () => {
    await expect(assertPublicUpstream("http://169.254.169.254/")).rejects.toThrow(/169\.254\.169\.254 is a loopback or private address.*ALLOW_PRIVATE_UPSTREAMS=1/);
    await expect(assertPublicUpstream("http://[::1]:8080/")).rejects.toThrow(/^::1 is a loopback or private address/);
  });

  it.each(["1", "true"])("allows everything with ALLOW_PRIVATE_UPSTREAMS=%s", async (value) => {
    vi.stubEnv("ALLOW_PRIVATE_UPSTREAMS", value);
    expect(privateUpstreamsAllowed()).toBe(true);
    for (const url of ["http://127.0.0.1:9/v1", "http://localhost:8000", "http://[::1]:8080/", "http://169.254.169.254/", "http://loopback.rebind.test/"]) {
      await expect(assertPublicUpstream(url)).resolves.toBeUndefined();
    }
  });

  it.each(["0", "false", "yes", "TRUE", ""])("does not read ALLOW_PRIVATE_UPSTREAMS=%j as allowed", async (value) => {
    vi.stubEnv("ALLOW_PRIVATE_UPSTREAMS", value);
    expect(privateUpstreamsAllowed()).toBe(false);
    await blocked("http://127.0.0.1:9/v1");
  });
});

describe("upstreamRequest (checked again when connecting)", () => {
  let server: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      hits++;
      response.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const call = (url: string) => upstreamRequest(url, { method: "GET", signal: AbortSignal.timeout(5_000) });

  it("refuses internal IP literals and localhost before connecting", async () => {
    for (const host of ["127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]"]) {
      await expect(call(`http://${host}:${port}/v1/models`)).rejects.toBeInstanceOf(BlockedUpstreamError);
    }
    expect(hits).toBe(0);
  });

  it("refuses a name that resolves to an internal address when the connection is made (DNS rebinding)", async () => {
    const error = await call(`http://loopback.rebind.test:${port}/v1/models`).catch((caught: unknown) => caught);
    const blocked = error instanceof BlockedUpstreamError ? error : (error as { cause?: unknown })?.cause;
    expect(blocked).toBeInstanceOf(BlockedUpstreamError);
    expect(hits).toBe(0);
  });
});
