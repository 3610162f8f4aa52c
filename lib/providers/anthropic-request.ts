import type { AnthropicMessageParam, AnthropicRequest, AnthropicRequestBlock, AnthropicToolChoice } from "./anthropic-wire";
import {
  contentParts,
  fileDataOf,
  imageUrlOf,
  isHttpUrl,
  maxOutputTokensOf,
  numberField,
  parseDataUrl,
  refuseSeveralChoices,
  responseFormatOf,
  stopSequencesOf,
  textContent,
  textOfPart,
  toolArguments,
  toolCallsOf,
  toolChoiceOf,
  toolsOf,
  type OpenAiResponseFormat,
} from "./openai-request";
import type { ChatMessage, ChatRequest, ContentPart } from "./types";
import { UnmappableRequestError } from "./unmappable-request";

/** Anthropic requires max_tokens; OpenAI clients usually leave it out. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** An OpenAI chat request as an Anthropic Messages request. Throws UnmappableRequestError. */
export function toAnthropicRequest(body: ChatRequest, upstreamModel: string): AnthropicRequest {
  refuseSeveralChoices(body);
  const system: string[] = [];
  const messages: AnthropicMessageParam[] = [];

  for (const message of body.messages) {
    switch (message.role as string) {
      case "system":
      case "developer":
        system.push(textContent(message.content));
        break;
      case "user":
        appendTurn(messages, "user", contentParts(message.content).map(userBlock));
        break;
      case "assistant":
        appendTurn(messages, "assistant", assistantBlocks(message));
        break;
      case "tool":
        appendTurn(messages, "user", [toolResultBlock(message)]);
        break;
      default:
        throw new UnmappableRequestError(`messages with role ${String(message.role)} cannot be forwarded`, "messages");
    }
  }

  const format = responseFormatOf(body);
  if (format) system.push(jsonInstruction(format));
  const systemText = system.filter(Boolean).join("\n\n");
  const stop = stopSequencesOf(body);
  const temperature = numberField(body, "temperature");
  const topP = numberField(body, "top_p");

  return {
    model: upstreamModel,
    max_tokens: maxOutputTokensOf(body) ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages,
    ...(systemText ? { system: systemText } : {}),
    ...toolFields(body, messages),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { top_p: topP } : {}),
    ...(stop?.length ? { stop_sequences: stop } : {}),
    ...(body.stream ? { stream: true } : {}),
    ...(typeof body.user === "string" && body.user ? { metadata: { user_id: body.user } } : {}),
  };
}

/**
 * Consecutive turns of one role become one message: parallel tool results must share a user
 * message (tool_result blocks first, which message order already gives), and Anthropic would
 * merge consecutive same-role turns anyway. Empty turns are left out, as Anthropic rejects them.
 */
function appendTurn(messages: AnthropicMessageParam[], role: "user" | "assistant", blocks: AnthropicRequestBlock[]) {
  if (blocks.length === 0) return;
  const last = messages[messages.length - 1];
  if (last?.role === role) last.content.push(...blocks);
  else messages.push({ role, content: blocks });
}

function userBlock(part: ContentPart): AnthropicRequestBlock {
  switch (part.type) {
    case "text":
      return { type: "text", text: textOfPart(part) };
    case "image_url":
      return imageBlock(imageUrlOf(part));
    case "file": {
      const file = fileDataOf(part);
      if (file.mediaType === "application/pdf") return { type: "document", source: { type: "base64", media_type: file.mediaType, data: file.data } };
      if (file.mediaType.startsWith("image/")) return { type: "image", source: { type: "base64", media_type: file.mediaType, data: file.data } };
      throw new UnmappableRequestError(`files of type ${file.mediaType} cannot be forwarded (PDF and images can)`, "messages");
    }
    default:
      throw new UnmappableRequestError(`content parts of type ${part.type} cannot be forwarded`, "messages");
  }
}

function imageBlock(url: string): AnthropicRequestBlock {
  const inline = parseDataUrl(url);
  if (inline) return { type: "image", source: { type: "base64", media_type: inline.mediaType, data: inline.data } };
  if (isHttpUrl(url)) return { type: "image", source: { type: "url", url } };
  throw new UnmappableRequestError("image URLs must be http(s) URLs or base64 data URLs", "messages");
}

function assistantBlocks(message: ChatMessage): AnthropicRequestBlock[] {
  const blocks: AnthropicRequestBlock[] = [];
  for (const part of contentParts(message.content)) {
    // A refusal the model gave earlier is still something it said.
    const text = part.type === "refusal" && typeof part.refusal === "string" ? part.refusal : part.type === "text" ? textOfPart(part) : null;
    if (text === null) throw new UnmappableRequestError(`assistant content parts of type ${part.type} cannot be forwarded`, "messages");
    if (text) blocks.push({ type: "text", text });
  }
  for (const call of toolCallsOf(message)) {
    blocks.push({ type: "tool_use", id: call.id, name: call.name, input: toolArguments(call) });
  }
  return blocks;
}

function toolResultBlock(message: ChatMessage): AnthropicRequestBlock {
  if (typeof message.tool_call_id !== "string") throw new UnmappableRequestError("a tool message needs a tool_call_id", "messages");
  return { type: "tool_result", tool_use_id: message.tool_call_id, content: textContent(message.content) };
}

function toolFields(body: ChatRequest, messages: AnthropicMessageParam[]): Pick<AnthropicRequest, "tools" | "tool_choice"> {
  const tools = toolsOf(body).map((tool) => ({
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    input_schema: tool.parameters ?? { type: "object", properties: {} },
  }));
  if (tools.length === 0) return {};
  const choice = toolChoiceOf(body);

  let toolChoice: AnthropicToolChoice | undefined;
  if (choice?.mode === "none") {
    // Anthropic refuses tool_use/tool_result blocks in a request without tool definitions, so
    // a conversation that already used tools keeps them and says "none"; otherwise they go.
    const historyUsesTools = messages.some((turn) => turn.content.some((block) => block.type === "tool_use" || block.type === "tool_result"));
    if (!historyUsesTools) return {};
    return { tools, tool_choice: { type: "none" } };
  }
  if (choice?.mode === "auto") toolChoice = { type: "auto" };
  if (choice?.mode === "required") toolChoice = { type: "any" };
  if (choice?.mode === "named") toolChoice = { type: "tool", name: choice.name };
  if (body.parallel_tool_calls === false) toolChoice = { ...(toolChoice ?? { type: "auto" }), disable_parallel_tool_use: true };
  return { tools, ...(toolChoice ? { tool_choice: toolChoice } : {}) };
}

/**
 * Anthropic's Messages API (2023-06-01) has no switch for JSON output, so the contract travels
 * the common way: as a system instruction, with the schema when the client gave one. The model
 * follows it reliably, but nothing upstream enforces it (no constrained decoding).
 */
function jsonInstruction(format: OpenAiResponseFormat): string {
  const base = "Respond with a single valid JSON value only: no prose before or after it, and no Markdown code fences.";
  if (format.type === "json_object" || !format.schema) return `${base} The value must be a JSON object.`;
  const name = format.name ? ` (named "${format.name}")` : "";
  return `${base} It must conform to this JSON Schema${name}:\n${JSON.stringify(format.schema)}`;
}
