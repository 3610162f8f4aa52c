/** An upstream URL in the parts the calls need: the host (SSRF check), the origin and the path (the dispatcher). */
export type UpstreamUrl = { host: string; origin: string; path: string };

/** Parsed once per URL: the URLs are few (providers × endpoints) and called on every request. */
const parsedUrls = new Map<string, UpstreamUrl>();

export function upstreamUrl(url: string): UpstreamUrl {
  let parts = parsedUrls.get(url);
  if (parts === undefined) {
    if (parsedUrls.size >= 1_000) parsedUrls.clear(); // a bound, should URLs ever vary per request
    const parsed = new URL(url);
    parts = { host: parsed.hostname.replace(/^\[|\]$/g, ""), origin: parsed.origin, path: parsed.pathname + parsed.search };
    parsedUrls.set(url, parts);
  }
  return parts;
}
