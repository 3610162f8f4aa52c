import type { Abortable } from "@/lib/http/abort-source";
import { credentialValues, withoutCredentials } from "@/lib/http/without-credentials";
import { BlockedUpstreamError } from "./ssrf";
import type { UpstreamError } from "./types";

/**
 * An upstream's error answer in OpenAI's error shape. OpenAI-style bodies keep their message and
 * code; anything else gets a message naming the provider and status. The status is kept for
 * 4xx answers about the request (so a caller sees 400 for its own mistake) and becomes 502 for
 * the provider's own failures and for auth problems, which are ours to fix, not the caller's.
 * The credentials among `sentHeaders` are cut out of the message: some upstreams echo them.
 */
export function upstreamError(providerName: string, status: number, bodyText: string, retryAfter?: string | null, sentHeaders: Record<string, string> = {}): UpstreamError {
  let message = `${providerName} answered ${status}`;
  let code: string | null = null;
  let param: string | null = null;
  const scrub = (text: string) => withoutCredentials(text, credentialValues(sentHeaders));
  try {
    const parsed = JSON.parse(bodyText) as { error?: { message?: unknown; code?: unknown; param?: unknown; type?: unknown } | string; message?: unknown };
    const detail = typeof parsed.error === "object" ? parsed.error : undefined;
    const text = detail?.message ?? (typeof parsed.error === "string" ? parsed.error : parsed.message);
    if (typeof text === "string" && text) message = `${providerName}: ${scrub(text)}`;
    if (typeof detail?.code === "string") code = scrub(detail.code);
    if (typeof detail?.param === "string") param = scrub(detail.param);
  } catch {
    // not JSON: keep the generic message; never echo raw upstream bodies to the caller
  }
  const callerMistake = status === 400 || status === 404 || status === 413 || status === 422 || status === 429;
  return {
    status: callerMistake ? status : 502,
    error: {
      message,
      type: status === 429 ? "rate_limit_error" : callerMistake ? "invalid_request_error" : "upstream_error",
      code: code ?? (status === 429 ? "rate_limited" : callerMistake ? "upstream_rejected" : "upstream_error"),
      param,
    },
    upstreamStatus: status,
    retryAfter: retryAfter ?? null,
  };
}

/** For network failures and timeouts: the provider could not be reached or did not answer. */
export function unreachable(providerName: string, cause: unknown): UpstreamError {
  const blocked = cause instanceof BlockedUpstreamError ? cause : (cause as { cause?: unknown })?.cause;
  if (blocked instanceof BlockedUpstreamError) {
    return { status: 502, error: { message: `${providerName}: ${blocked.message}`, type: "upstream_error", code: "upstream_blocked", param: null } };
  }
  const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || /timeout/i.test(cause.message));
  return {
    status: timedOut ? 504 : 502,
    error: {
      message: timedOut ? `${providerName} did not answer in time` : `${providerName} could not be reached`,
      type: "upstream_error",
      code: timedOut ? "upstream_timeout" : "upstream_unreachable",
      param: null,
    },
  };
}

/**
 * Reads a whole JSON answer. A body that breaks off, stalls past the timeout or is not JSON is
 * the provider's failure (502, or 504 for a timeout), never the gateway's own 500.
 */
export async function readUpstreamJson<T>(
  body: { json(): Promise<unknown> },
  providerName: string,
  signal: Abortable,
): Promise<{ value: T } | { error: UpstreamError }> {
  try {
    return { value: (await body.json()) as T };
  } catch (cause) {
    if (signal.aborted) {
      const reason = signal.reason as Error | undefined;
      if (reason?.name === "TimeoutError") return { error: unreachable(providerName, reason) };
      throw cause; // our own cancellation (the client left): not a provider failure
    }
    return {
      error: {
        status: 502,
        error: { message: `${providerName} sent an answer that could not be read`, type: "upstream_error", code: "upstream_bad_response", param: null },
      },
    };
  }
}
