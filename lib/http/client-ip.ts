/**
 * The caller's IP for rate limiting. X-Forwarded-For is only trusted when TRUST_PROXY is set,
 * because any client can send the header; the right-most hop is the one our proxy appended.
 */
export function clientIp(headers: Headers): string {
  if (process.env.TRUST_PROXY === "true") {
    const forwarded = headers.get("x-forwarded-for")?.split(",").map((part) => part.trim()).filter(Boolean);
    if (forwarded?.length) return forwarded[forwarded.length - 1]!;
    const realIp = headers.get("x-real-ip");
    if (realIp) return realIp;
  }
  return "direct";
}
