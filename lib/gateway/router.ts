import { chatCompletions, embeddings, inspect, listModels, methodNotAllowed, notFound, requestRecord } from "./handlers";

/**
 * The `/v1` routes as one fetch-style function, for servers that mount the gateway without Next's
 * router (tests, and a production server where Next's routing is the bottleneck). Next's own
 * route files under app/v1 export the same handlers. `pathname` saves parsing the URL again when
 * the caller already has.
 */
export async function gatewayFetch(request: Request, pathname = new URL(request.url).pathname): Promise<Response> {
  const route = `${request.method} ${pathname.replace(/\/+$/, "")}`;
  switch (route) {
    case "POST /v1/chat/completions":
      return chatCompletions(request);
    case "POST /v1/embeddings":
      return embeddings(request);
    case "GET /v1/models":
      return listModels(request);
    case "POST /v1/inspect":
      return inspect(request);
    case "GET /v1/chat/completions":
    case "GET /v1/embeddings":
      return methodNotAllowed(request);
  }
  const record = pathname.match(/^\/v1\/gateway\/requests\/([^/]+)$/);
  if (record && request.method === "GET") return requestRecord(request, decodeSegment(record[1]!));
  return notFound(request);
}

/** A path segment decoded; one that is not valid percent-encoding (`%`, `%E0%A4%A`) stays as sent, and so names nothing. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
