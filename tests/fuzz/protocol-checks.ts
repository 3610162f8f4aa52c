import type { Answer } from "./http-sender";

/**
 * Whether an answer is one the caller's protocol can read, whatever it was sent. Each checker
 * returns what is wrong in a few words, or null. Which protocol applies follows the server's own
 * routing (lib/gateway/standalone-server.ts) on the path as the server resolves it.
 */

export type Protocol = "v1" | "mcp" | "management";

export function protocolOf(path: string): Protocol {
  let pathname: string;
  try {
    pathname = new URL(path, "http://server").pathname;
  } catch {
    return "v1";
  }
  if (pathname.startsWith("/api/v1/")) return "management";
  if (pathname === "/mcp") return "mcp";
  return "v1";
}

export function checkAnswer(protocol: Protocol, method: string, answer: Answer): string | null {
  if (answer.status >= 500) return `status ${answer.status}`;
  if (answer.status < 200 || (answer.status >= 300 && answer.status < 400)) return `unexpected status ${answer.status}`;
  if (method === "HEAD") return null; // no body to read
  if (protocol === "mcp") return checkMcp(answer);
  if (answer.status >= 400) return checkOpenAiError(answer);
  return protocol === "v1" ? checkV1Success(answer) : checkManagementSuccess(answer);
}

const contentType = (answer: Answer) => String(answer.headers["content-type"] ?? "");

function parseJson(answer: Answer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(answer.body.toString("utf8")) };
  } catch {
    return { ok: false };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `/v1` and `/api/v1` errors: `{"error":{"message": string, "type": string, ...}}` as JSON. */
function checkOpenAiError(answer: Answer): string | null {
  if (!contentType(answer).startsWith("application/json")) return `error answer with content-type '${contentType(answer)}'`;
  const parsed = parseJson(answer);
  if (!parsed.ok) return "error answer that is not JSON";
  const error = isObject(parsed.value) ? parsed.value.error : undefined;
  if (!isObject(error)) return "error answer without an error object";
  if (typeof error.message !== "string" || error.message === "") return "error without a message";
  if (typeof error.type !== "string" || error.type === "") return "error without a type";
  return null;
}

/** A completion, embedding, list or record as JSON, or a completion as server-sent events. */
function checkV1Success(answer: Answer): string | null {
  if (contentType(answer).startsWith("text/event-stream")) return checkEventStream(answer.body.toString("utf8"));
  if (!contentType(answer).startsWith("application/json")) return `success with content-type '${contentType(answer)}'`;
  const parsed = parseJson(answer);
  return parsed.ok && isObject(parsed.value) ? null : "success that is not a JSON object";
}

function checkEventStream(text: string): string | null {
  const data = text
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trim());
  if (data.at(-1) !== "[DONE]" && !data.some((item) => item.includes('"error"'))) return "event stream that neither ends with [DONE] nor reports an error";
  for (const item of data.slice(0, -1)) {
    try {
      JSON.parse(item);
    } catch {
      return "event stream with a data line that is not JSON";
    }
  }
  return null;
}

/** The management API answers JSON, except the audit export (JSON Lines or CSV). */
function checkManagementSuccess(answer: Answer): string | null {
  const type = contentType(answer);
  if (type.startsWith("application/x-ndjson") || type.startsWith("text/csv")) return null;
  if (!type.startsWith("application/json")) return `success with content-type '${type}'`;
  return parseJson(answer).ok ? null : "success that is not JSON";
}

/**
 * `/mcp`: 202 with no body for notifications and responses only; otherwise JSON-RPC 2.0: a
 * response (or a batch of them) with 200, or an error object with `id: null` for refusals at the
 * HTTP level (our endpoint's and the SDK transport's). An answer of -32603 (internal error) is
 * the JSON-RPC form of a 500, so it counts as one.
 */
function checkMcp(answer: Answer): string | null {
  if (answer.status === 202) return answer.body.length === 0 ? null : "202 with a body";
  if (!contentType(answer).startsWith("application/json")) return `answer with content-type '${contentType(answer)}'`;
  const parsed = parseJson(answer);
  if (!parsed.ok) return "answer that is not JSON";
  const messages = Array.isArray(parsed.value) && answer.status === 200 ? parsed.value : [parsed.value];
  if (messages.length === 0) return "empty batch answer";
  for (const message of messages) {
    const problem = checkJsonRpcResponse(message, answer.status);
    if (problem) return problem;
  }
  return null;
}

function checkJsonRpcResponse(message: unknown, status: number): string | null {
  if (!isObject(message) || message.jsonrpc !== "2.0") return "not a JSON-RPC 2.0 message";
  if (status >= 400) {
    if (!("error" in message) || message.id !== null) return `HTTP ${status} without a JSON-RPC error for id null`;
  } else if (!["string", "number"].includes(typeof message.id)) return "response without the request's id";
  if ("result" in message === "error" in message) return "response with neither or both of result and error";
  if ("result" in message) return isObject(message.result) ? null : "result that is not an object";
  const error = message.error;
  if (!isObject(error) || !Number.isInteger(error.code) || typeof error.message !== "string") return "malformed JSON-RPC error";
  if (error.code === -32603) return `JSON-RPC internal error (-32603): ${error.message.slice(0, 120)}`;
  return null;
}
