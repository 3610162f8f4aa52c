import type { Abortable } from "@/lib/http/abort-source";
import { upstreamRequest, type UpstreamResponse } from "./http";
import type { UpstreamError } from "./types";
import { unreachable, upstreamError } from "./upstream-error";

/**
 * POSTs a JSON body to a provider. An error status becomes OpenAI's error shape (after
 * `statusOf` lets an adapter correct a provider's odd status), and a provider that cannot be
 * reached or times out becomes 502/504. Our own cancellation (the client left) is rethrown.
 */
export async function postJson(
  providerName: string,
  url: string,
  options: { headers: Record<string, string>; body: unknown; signal: Abortable; statusOf?: (status: number, text: string) => number },
): Promise<UpstreamResponse | { error: UpstreamError }> {
  const { signal } = options;
  try {
    const response = await upstreamRequest(url, {
      headers: { "content-type": "application/json", ...options.headers },
      body: JSON.stringify(options.body),
      signal,
    });
    if (response.status >= 400) {
      const text = await response.body.text();
      const retryAfter = response.headers["retry-after"];
      const status = options.statusOf?.(response.status, text) ?? response.status;
      return { error: upstreamError(providerName, status, text, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, options.headers) };
    }
    return response;
  } catch (cause) {
    if (signal.aborted && !(signal.reason instanceof Error && signal.reason.name === "TimeoutError")) throw cause;
    return { error: unreachable(providerName, signal.reason ?? cause) };
  }
}
