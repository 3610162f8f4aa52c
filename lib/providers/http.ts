import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";
import { BlockedUpstreamError, isInternalAddress, privateUpstreamsAllowed } from "./ssrf";
import { exchange, type UpstreamCall, type UpstreamResponse } from "./upstream-exchange";
import { upstreamUrl } from "./upstream-url";

export type { UpstreamResponse };

/**
 * Every upstream call goes through one keep-alive agent. The per-origin connection cap is sized
 * for thousands of concurrent streams (a low cap queues streams and time to first token jumps).
 * Unless private upstreams are allowed, its DNS lookup refuses internal addresses, so a name that
 * resolves (or re-resolves) to one is never connected to.
 */
const globalForHttp = globalThis as unknown as { upstreamAgent?: Agent };

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback) {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.some((entry) => isInternalAddress(entry.address))) {
      return callback(Object.assign(new BlockedUpstreamError(hostname), { code: "EBLOCKED" }), []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

function agent(): Agent {
  globalForHttp.upstreamAgent ??= new Agent({
    connections: Number(process.env.UPSTREAM_MAX_CONNECTIONS ?? 16_384),
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: Number(process.env.UPSTREAM_HEADERS_TIMEOUT_MS ?? 120_000),
    bodyTimeout: Number(process.env.UPSTREAM_BODY_TIMEOUT_MS ?? 300_000),
    connect: privateUpstreamsAllowed() ? {} : { lookup: guardedLookup as never },
  });
  return globalForHttp.upstreamAgent;
}

/** An IP literal never goes through DNS (where the agent's guard sits), so it is checked here. */
function assertHostAllowed(url: string) {
  const { host } = upstreamUrl(url);
  if (!privateUpstreamsAllowed() && (host === "localhost" || (isIP(host) && isInternalAddress(host)))) {
    throw new BlockedUpstreamError(host);
  }
}

/**
 * WHATWG fetch over the same guarded agent, for clients that take a fetch function (the MCP
 * SDK's client transport): the SSRF guard applies to them as to every other upstream call.
 */
export const guardedFetch = (async (input: string | URL, init?: RequestInit) => {
  assertHostAllowed(String(input));
  return undiciFetch(input, { ...(init as object), dispatcher: agent() });
}) as unknown as typeof fetch;

/** Every provider call but the MCP SDK's: through the guarded agent, on the dispatcher API (lib/providers/upstream-exchange.ts). */
export async function upstreamRequest(url: string, call: UpstreamCall): Promise<UpstreamResponse> {
  assertHostAllowed(url);
  return exchange(agent(), url, call);
}
