import { GatewayError, invalidRequest } from "./gateway-error";

const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024; // room for a few base64 images

function maxBodyBytes(): number {
  const configured = Number(process.env.GATEWAY_MAX_BODY_BYTES);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_BODY_BYTES;
}

/**
 * Reads a JSON object body, refusing oversized bodies (413) while they arrive, not after, and
 * malformed JSON or a non-object (400).
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const limit = maxBodyBytes();
  const tooLarge = () => new GatewayError(413, `The request body is larger than ${limit} bytes.`, "invalid_request_error", "request_too_large");
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooLarge();
  if (!request.body) throw invalidRequest("The request needs a JSON body.", "invalid_json");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw invalidRequest("The request body is not valid JSON.", "invalid_json");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalidRequest("The request body must be a JSON object.", "invalid_json");
  }
  return parsed as Record<string, unknown>;
}
