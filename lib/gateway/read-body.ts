import { nestedDeeperThan } from "@/lib/http/json-depth";
import { GatewayError, invalidRequest } from "./gateway-error";

const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024; // room for a few base64 images
/**
 * Far deeper than any real request (a tool's JSON schema included), far shallower than the few
 * thousand levels at which serialising the body (for the provider, the stored prompt) overflows the stack.
 */
const MAX_DEPTH = 100;

function maxBodyBytes(): number {
  const configured = Number(process.env.GATEWAY_MAX_BODY_BYTES);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_BODY_BYTES;
}

/**
 * Reads a JSON object body, refusing oversized bodies (413) while they arrive, not after, and
 * malformed JSON, a non-object or absurd nesting (400). A body of declared length (the usual case) is read in one
 * call, which the production server's adapter serves straight from the socket without building a
 * web stream; a chunked one is read chunk by chunk with the limit checked as it grows.
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidRequest("The request body is not valid JSON.", "invalid_json");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalidRequest("The request body must be a JSON object.", "invalid_json");
  }
  if (nestedDeeperThan(parsed, MAX_DEPTH)) throw invalidRequest(`The request body nests arrays and objects more than ${MAX_DEPTH} levels deep.`, "invalid_json");
  return parsed as Record<string, unknown>;
}

async function readBodyText(request: Request): Promise<string> {
  const limit = maxBodyBytes();
  const tooLarge = () => new GatewayError(413, `The request body is larger than ${limit} bytes.`, "invalid_request_error", "request_too_large");
  const declared = request.headers.get("content-length");
  if (Number(declared ?? 0) > limit) throw tooLarge();
  const missing = () => invalidRequest("The request needs a JSON body.", "invalid_json");
  // HTTP framing stops a body at its declared length, so the limit was checked above. (Touching
  // request.body here would build the web stream this path avoids.)
  if (declared !== null) {
    if (Number(declared) === 0) throw missing();
    return request.text();
  }
  if (!request.body) throw missing();
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
  return Buffer.concat(chunks).toString("utf8");
}
