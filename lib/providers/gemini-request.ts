import type { GeminiContent, GeminiPart, GeminiRequest } from "./gemini-wire";
import {
  contentParts,
  fileDataOf,
  imageUrlOf,
  isHttpUrl,
  isRecord,
  maxOutputTokensOf,
  numberField,
  parseDataUrl,
  responseFormatOf,
  stopSequencesOf,
  textContent,
  textOfPart,
  toolArguments,
  toolCallsOf,
  toolChoiceOf,
  toolsOf,
  type OpenAiToolCall,
} from "./openai-request";
import type { ChatMessage, ChatRequest, ContentPart } from "./types";
import { UnmappableRequestError } from "./unmappable-request";

/**
 * Google's documented stand-in for a missing thought signature: Gemini 3 refuses a function call
 * in the history without one, and clients that drop our `extra_content` (most do) or replay
 * calls made by another model have none to send.
 */
export const SKIP_THOUGHT_SIGNATURE = "skip_thought_signature_validator";

/** An OpenAI chat request as a Gemini generateContent request. Throws UnmappableRequestError. */
export function toGeminiRequest(body: ChatRequest): GeminiRequest {
  const system: string[] = [];
  const contents: GeminiContent[] = [];
  // Gemini answers a function by name, OpenAI by call id: remember each id's name as it goes by.
  const toolNameById = new Map<string, string>();

  for (const message of body.messages) {
    switch (message.role as string) {
      case "system":
      case "developer":
        system.push(textContent(message.content));
        break;
      case "user":
        appendTurn(contents, "user", contentParts(message.content).flatMap(userPart));
        break;
      case "assistant": {
        const calls = toolCallsOf(message);
        for (const call of calls) toolNameById.set(call.id, call.name);
        appendTurn(contents, "model", [...contentParts(message.content).flatMap(assistantPart), ...calls.map(functionCallPart)]);
        break;
      }
      case "tool":
        appendTurn(contents, "user", [functionResponsePart(message, toolNameById)]);
        break;
      default:
        throw new UnmappableRequestError(`messages with role ${String(message.role)} cannot be forwarded`, "messages");
    }
  }

  const systemText = system.filter(Boolean).join("\n\n");
  const tools = toolsOf(body);
  const toolConfig = functionCallingConfig(body);
  const generationConfig = generationConfigOf(body);
  return {
    contents,
    ...(systemText ? { systemInstruction: { parts: [{ text: systemText }] } } : {}),
    ...(tools.length ? { tools: [{ functionDeclarations: tools }] } : {}),
    ...(tools.length && toolConfig ? { toolConfig } : {}),
    ...(Object.keys(generationConfig).length ? { generationConfig } : {}),
  };
}

/** Consecutive turns of one role become one content: parallel function responses must share one. */
function appendTurn(contents: GeminiContent[], role: "user" | "model", parts: GeminiPart[]) {
  if (parts.length === 0) return;
  const last = contents[contents.length - 1];
  if (last?.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

function userPart(part: ContentPart): GeminiPart[] {
  switch (part.type) {
    case "text": {
      const text = textOfPart(part);
      return text ? [{ text }] : [];
    }
    case "image_url":
      return [imagePart(imageUrlOf(part))];
    case "input_audio": {
      const audio = isRecord(part.input_audio) ? part.input_audio : {};
      if (typeof audio.data !== "string" || typeof audio.format !== "string") {
        throw new UnmappableRequestError("an input_audio part needs data and format", "messages");
      }
      return [{ inlineData: { mimeType: `audio/${audio.format}`, data: audio.data } }];
    }
    case "file": {
      const file = fileDataOf(part);
      return [{ inlineData: { mimeType: file.mediaType, data: file.data } }];
    }
    default:
      throw new UnmappableRequestError(`content parts of type ${part.type} cannot be forwarded`, "messages");
  }
}

function imagePart(url: string): GeminiPart {
  const inline = parseDataUrl(url);
  if (inline) return { inlineData: { mimeType: inline.mediaType, data: inline.data } };
  if (isHttpUrl(url)) return { fileData: { mimeType: guessImageMimeType(url), fileUri: url } };
  throw new UnmappableRequestError("image URLs must be http(s) URLs or base64 data URLs", "messages");
}

/** fileData needs a MIME type and an image URL rarely says; the extension is the best hint. */
export function guessImageMimeType(url: string): string {
  const path = url.split(/[?#]/)[0] ?? "";
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  const byExtension: Record<string, string> = {
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    webp: "image/webp",
    gif: "image/gif",
    heic: "image/heic",
    heif: "image/heif",
  };
  return (extension && byExtension[extension]) || "image/jpeg";
}

function assistantPart(part: ContentPart): GeminiPart[] {
  const text = part.type === "refusal" && typeof part.refusal === "string" ? part.refusal : part.type === "text" ? textOfPart(part) : null;
  if (text === null) throw new UnmappableRequestError(`assistant content parts of type ${part.type} cannot be forwarded`, "messages");
  return text ? [{ text }] : [];
}

function functionCallPart(call: OpenAiToolCall, position: number): GeminiPart {
  // Gemini puts the step's signature on its first function call only; parallel calls carry none.
  const signature = thoughtSignatureOf(call) ?? (position === 0 ? SKIP_THOUGHT_SIGNATURE : undefined);
  return { functionCall: { name: call.name, args: toolArguments(call) }, ...(signature ? { thoughtSignature: signature } : {}) };
}

/** Where Google's own OpenAI-compatible endpoint puts the signature, and so do we (gemini-response.ts). */
function thoughtSignatureOf(call: OpenAiToolCall): string | undefined {
  const extra = call.raw.extra_content;
  const google = isRecord(extra) && isRecord(extra.google) ? extra.google : null;
  return typeof google?.thought_signature === "string" ? google.thought_signature : undefined;
}

function functionResponsePart(message: ChatMessage, toolNameById: Map<string, string>): GeminiPart {
  const id = message.tool_call_id;
  const name = typeof id === "string" ? toolNameById.get(id) : undefined;
  if (!name) throw new UnmappableRequestError("a tool message must answer a tool call made earlier in the conversation", "messages");
  return { functionResponse: { name, response: { content: toolOutput(textContent(message.content)) } } };
}

/** Tools usually answer JSON; Gemini reads it better as structure than as an escaped string. */
function toolOutput(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null) return parsed;
  } catch {
    // plain text
  }
  return text;
}

function functionCallingConfig(body: ChatRequest): GeminiRequest["toolConfig"] {
  const choice = toolChoiceOf(body);
  if (!choice) return undefined;
  if (choice.mode === "named") return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.name] } };
  const mode = ({ auto: "AUTO", none: "NONE", required: "ANY" } as const)[choice.mode];
  return { functionCallingConfig: { mode } };
}

function generationConfigOf(body: ChatRequest): NonNullable<GeminiRequest["generationConfig"]> {
  const stop = stopSequencesOf(body);
  const format = responseFormatOf(body);
  const fields = {
    temperature: numberField(body, "temperature"),
    topP: numberField(body, "top_p"),
    maxOutputTokens: maxOutputTokensOf(body),
    stopSequences: stop?.length ? stop : undefined,
    candidateCount: numberField(body, "n"),
    presencePenalty: numberField(body, "presence_penalty"),
    frequencyPenalty: numberField(body, "frequency_penalty"),
    seed: numberField(body, "seed"),
    responseMimeType: format ? "application/json" : undefined,
    // Passed through as given: Gemini's responseSchema takes a subset of OpenAPI 3.0's schema
    // object, so a keyword outside it ($ref, some formats) comes back as Gemini's own 400.
    responseSchema: format?.type === "json_schema" ? format.schema : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
