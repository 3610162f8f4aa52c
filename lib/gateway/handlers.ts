import { embeddingsPipeline } from "./embeddings";
import { errorResponse, GatewayError } from "./gateway-error";
import { inspectHandler } from "./inspect-endpoint";
import { listModelsHandler } from "./models";
import { chatCompletionsPipeline } from "./pipeline";
import { authenticateApiKey } from "./principal";
import { requestRecordHandler } from "./request-record";

/**
 * The `/v1` API as plain web-standard handlers `(Request) => Promise<Response>`: Next's route
 * files export them, and any other server can mount the same functions.
 */
export const chatCompletions = (request: Request) => chatCompletionsPipeline(request, () => authenticateApiKey(request, "gateway"));

export const embeddings = (request: Request) => embeddingsPipeline(request, () => authenticateApiKey(request, "gateway"));

export const inspect = (request: Request) => inspectHandler(request, () => authenticateApiKey(request, "gateway"));

export const listModels = (request: Request) => listModelsHandler(() => authenticateApiKey(request, "gateway"));

export const requestRecord = (request: Request, requestId: string) =>
  requestRecordHandler(requestId, () => authenticateApiKey(request, "gateway"));

export const notFound = async (request: Request) =>
  errorResponse(new GatewayError(404, `No route ${request.method} ${new URL(request.url).pathname}.`, "invalid_request_error", "unknown_url"));

export const methodNotAllowed = async (request: Request) =>
  errorResponse(new GatewayError(405, `${request.method} is not supported on ${new URL(request.url).pathname}.`, "invalid_request_error", "method_not_allowed"));
