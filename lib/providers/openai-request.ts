import type { ChatMessage, ChatRequest, ContentPart } from "./types";
import { UnmappableRequestError } from "./unmappable-request";

/**
 * Readers for the parts of an OpenAI chat request that the translating adapters (Anthropic,
 * Gemini) need. The gateway validates only the envelope, so every field is narrowed here before
 * it is trusted.
 */

export type OpenAiToolCall = { id: string; name: string; arguments: string; raw: Record<string, unknown> };
export type OpenAiTool = { name: string; description?: string; parameters?: Record<string, unknown> };
export type OpenAiToolChoice = { mode: "auto" | "none" | "required" } | { mode: "named"; name: string };
export type OpenAiResponseFormat = { type: "json_object" } | { type: "json_schema"; name?: string; schema?: Record<string, unknown> };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A message's content as parts: a plain string is one text part, null or absent is none. */
export function contentParts(content: ChatMessage["content"]): ContentPart[] {
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  return Array.isArray(content) ? content : [];
}

/** The text of a message whose content can only be text (system, developer, tool). */
export function textContent(content: ChatMessage["content"]): string {
  return contentParts(content)
    .filter((part) => part.type === "text" && typeof part.text === "string")
    .map((part) => part.text as string)
    .join("\n");
}

export function textOfPart(part: ContentPart): string {
  if (typeof part.text !== "string") throw new UnmappableRequestError("a text content part has no text", "messages");
  return part.text;
}

/** The URL of an `image_url` part, whether given as `{ url }` (current) or a bare string (legacy). */
export function imageUrlOf(part: ContentPart): string {
  const imageUrl = part.image_url;
  const url = isRecord(imageUrl) ? imageUrl.url : imageUrl;
  if (typeof url !== "string" || !url) throw new UnmappableRequestError("an image_url part has no url", "messages");
  return url;
}

/** `data:<media type>;base64,<data>` split in two; null for anything else. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | null {
  const match = /^data:([^;,]+)(?:;[^;,]*)*;base64,(.*)$/s.exec(url);
  if (!match) return null;
  return { mediaType: match[1]!.toLowerCase(), data: match[2]! };
}

export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** The data URL of a `file` part (`{ file: { file_data, filename } }`); uploaded file ids cannot travel. */
export function fileDataOf(part: ContentPart): { mediaType: string; data: string } {
  const file = isRecord(part.file) ? part.file : {};
  const parsed = typeof file.file_data === "string" ? parseDataUrl(file.file_data) : null;
  if (!parsed) throw new UnmappableRequestError("only file parts with inline file_data (a base64 data URL) can be forwarded", "messages");
  return parsed;
}

export function toolCallsOf(message: ChatMessage): OpenAiToolCall[] {
  if (!Array.isArray(message.tool_calls)) return [];
  return message.tool_calls.map((call: unknown) => {
    const fn = isRecord(call) && isRecord(call.function) ? call.function : null;
    if (!isRecord(call) || typeof call.id !== "string" || !fn || typeof fn.name !== "string") {
      throw new UnmappableRequestError("a tool call needs an id and a function name", "messages");
    }
    return { id: call.id, name: fn.name, arguments: typeof fn.arguments === "string" ? fn.arguments : "", raw: call };
  });
}

/**
 * Tool-call arguments as the object both providers require. OpenAI keeps them as a string, so a
 * model can produce (and a client send back) something that is not a JSON object; that cannot be
 * expressed upstream and is refused rather than rewritten.
 */
export function toolArguments(call: OpenAiToolCall): Record<string, unknown> {
  if (call.arguments.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.arguments);
  } catch {
    throw new UnmappableRequestError(`the arguments of tool call ${call.id} are not valid JSON`, "messages");
  }
  if (!isRecord(parsed)) throw new UnmappableRequestError(`the arguments of tool call ${call.id} are not a JSON object`, "messages");
  return parsed;
}

export function toolsOf(body: ChatRequest): OpenAiTool[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools.map((tool: unknown) => {
    const fn = isRecord(tool) && isRecord(tool.function) ? tool.function : null;
    if (!isRecord(tool) || tool.type !== "function" || !fn || typeof fn.name !== "string") {
      throw new UnmappableRequestError("only tools of type function can be forwarded", "tools");
    }
    return {
      name: fn.name,
      ...(typeof fn.description === "string" ? { description: fn.description } : {}),
      ...(isRecord(fn.parameters) ? { parameters: fn.parameters } : {}),
    };
  });
}

export function toolChoiceOf(body: ChatRequest): OpenAiToolChoice | undefined {
  const choice = body.tool_choice;
  if (choice === undefined || choice === null) return undefined;
  if (choice === "auto" || choice === "none" || choice === "required") return { mode: choice };
  if (isRecord(choice) && choice.type === "function" && isRecord(choice.function) && typeof choice.function.name === "string") {
    return { mode: "named", name: choice.function.name };
  }
  throw new UnmappableRequestError("tool_choice must be auto, none, required or a named function", "tool_choice");
}

/** `max_completion_tokens` (current) wins over `max_tokens` (deprecated but still common). */
export function maxOutputTokensOf(body: ChatRequest): number | undefined {
  const value = body.max_completion_tokens ?? body.max_tokens;
  return typeof value === "number" ? value : undefined;
}

export function stopSequencesOf(body: ChatRequest): string[] | undefined {
  const stop = body.stop;
  if (typeof stop === "string") return [stop];
  if (Array.isArray(stop)) return stop.filter((sequence): sequence is string => typeof sequence === "string");
  return undefined;
}

export function numberField(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  return typeof value === "number" ? value : undefined;
}

export function responseFormatOf(body: ChatRequest): OpenAiResponseFormat | undefined {
  const format = body.response_format;
  if (!isRecord(format)) return undefined;
  if (format.type === "json_object") return { type: "json_object" };
  if (format.type !== "json_schema") return undefined;
  const spec = isRecord(format.json_schema) ? format.json_schema : {};
  return {
    type: "json_schema",
    ...(typeof spec.name === "string" ? { name: spec.name } : {}),
    ...(isRecord(spec.schema) ? { schema: spec.schema } : {}),
  };
}

/** Providers without n > 1 refuse it: returning one choice where several were asked for is not faithful. */
export function refuseSeveralChoices(body: ChatRequest): void {
  if (typeof body.n === "number" && body.n > 1) throw new UnmappableRequestError("n > 1 is not supported", "n");
}
