import type { UpstreamError } from "./types";

/**
 * Thrown while translating a request when it asks for something the provider's API cannot
 * express (an audio part for Anthropic, n > 1, tool-call arguments that are not JSON). Answering
 * 400 is more honest than quietly dropping the part and letting the model answer something else.
 */
export class UnmappableRequestError extends Error {
  constructor(
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = "UnmappableRequestError";
  }
}

export function unmappableRequest(providerName: string, cause: UnmappableRequestError): UpstreamError {
  return {
    status: 400,
    error: {
      message: `${providerName}: ${cause.message}`,
      type: "invalid_request_error",
      code: "unsupported_by_provider",
      param: cause.param,
    },
  };
}
