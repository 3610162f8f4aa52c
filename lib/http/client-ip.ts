/**
 * The caller's IP, for rate limiting.
 *
 * Next.js fills X-Forwarded-For with the socket's address, but only when the request has none, so
 * the right-most hop is either that address or what a client claimed. Behind a load balancer
 * (TRUST_PROXY=true) the right-most hop is the one our proxy appended, which clients cannot forge.
 * Without a proxy a client can claim any address: that only moves it to another per-IP bucket,
 * and the per-account limit still holds.
 */
export function clientIp(headers: Headers): string {
  const hops = headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  if (hops?.length) return hops[hops.length - 1]!;
  if (process.env.TRUST_PROXY === "true") {
    const realIp = headers.get("x-real-ip");
    if (realIp) return realIp;
  }
  return "unknown";
}
