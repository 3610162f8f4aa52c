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

export const JSON_CONTENT = { "content-type": "application/json" };

export function errorResponse(error: GatewayError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(error.toJSON()), { status: error.status, headers: Object.assign({}, headers, JSON_CONTENT) });
}

/**
 * The database did not answer and nothing cached may stand in for it (lib/db/availability.ts).
 * A 503: the SDKs retry it, and a load balancer may send the retry to an instance that is fine.
 */
export const databaseUnavailable = () =>
  new GatewayError(503, "The gateway cannot reach its database; the request was refused. Retry shortly.", "server_error", "database_unavailable");

/** The audit buffer is at its cap (the database has been away long): refuse rather than serve unrecorded. */
export const auditBacklog = () =>
  new GatewayError(503, "The gateway cannot record more requests until its database is back; the request was refused. Retry shortly.", "server_error", "audit_backlog");

/** Anything unexpected: logged with the request id, answered without internals. */
export function internalError(requestId: string, cause: unknown): GatewayError {
  console.error(`[gateway] ${requestId} failed: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
  return new GatewayError(500, `The gateway failed to handle this request. Reference: ${requestId}`, "server_error", "internal_error");
}
