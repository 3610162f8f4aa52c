import type { UpstreamError } from "@/lib/providers/types";

/**
 * An error answered to a `/v1` caller in OpenAI's shape:
 * `{ "error": { "message", "type", "code", "param" } }`, so the official SDKs raise it properly.
 */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null,
    readonly param: string | null = null,
    /** Per-field messages, for the management API's validation errors. */
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "GatewayError";
  }

  toJSON() {
    const fieldErrors = this.fieldErrors ? { field_errors: this.fieldErrors } : {};
    return { error: { message: this.message, type: this.type, code: this.code, param: this.param, ...fieldErrors } };
  }
}

/** A provider's error answer (lib/providers' UpstreamError), as the gateway returns it to the caller. */
export function fromUpstream({ status, error }: UpstreamError): GatewayError {
  return new GatewayError(status, error.message, error.type, error.code, error.param ?? null);
}

export const invalidRequest = (message: string, code: string, param: string | null = null) =>
  new GatewayError(400, message, "invalid_request_error", code, param);

export function errorResponse(error: GatewayError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(error.toJSON()), { status: error.status, headers: { ...headers, "content-type": "application/json" } });
}

/** Anything unexpected: logged with the request id, answered without internals. */
export function internalError(requestId: string, cause: unknown): GatewayError {
  console.error(`[gateway] ${requestId} failed: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
  return new GatewayError(500, `The gateway failed to handle this request. Reference: ${requestId}`, "server_error", "internal_error");
}
