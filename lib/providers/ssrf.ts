import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Upstream URLs are typed by org admins, so the gateway must not become a way into our own
 * network (SSRF): loopback, private, link-local (cloud metadata) and other internal ranges are
 * refused unless the instance sets ALLOW_PRIVATE_UPSTREAMS=1 (self-hosters with local models).
 * Checked when a provider is saved and again when each connection is made (DNS can change).
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  internal.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  internal.addSubnet(network, prefix, "ipv6");
}

export function privateUpstreamsAllowed(): boolean {
  return process.env.ALLOW_PRIVATE_UPSTREAMS === "1" || process.env.ALLOW_PRIVATE_UPSTREAMS === "true";
}

export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = address.toLowerCase().match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return internal.check(mapped[1]!, "ipv4");
  return internal.check(address, family === 4 ? "ipv4" : "ipv6");
}

export class BlockedUpstreamError extends Error {
  constructor(host: string) {
    super(
      `${host} is a loopback or private address, which this gateway does not call. ` +
        "Self-hosters with local models can allow it with ALLOW_PRIVATE_UPSTREAMS=1.",
    );
    this.name = "BlockedUpstreamError";
  }
}

/** Throws BlockedUpstreamError when the URL's host is, or resolves to, an internal address. */
export async function assertPublicUpstream(url: string): Promise<void> {
  if (privateUpstreamsAllowed()) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) throw new BlockedUpstreamError(host);
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  if (addresses.some(isInternalAddress)) throw new BlockedUpstreamError(host);
}
