import { z } from "zod";
import type { ChatRequest } from "@/lib/providers/types";
import { invalidRequest } from "./gateway-error";

/**
 * What the gateway itself needs to be true of a request. Every other field passes through to
 * the provider untouched (OpenAI-compatible) or is translated (Anthropic, Gemini).
 */
export const chatMessage = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"], {
    error: "role must be one of system, developer, user, assistant, tool.",
  }),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()]).optional(),
  // Their arguments are inspected like any other text the provider receives (message-text.ts).
  tool_calls: z.array(z.looseObject({}), { error: "tool_calls must be an array of tool calls." }).optional().nullable(),
});

const chatRequest = z.looseObject({
  model: z.string({ error: "model is required and must be a string." }).min(1, { error: "model is required." }),
  messages: z.array(chatMessage, { error: "messages must be an array." }).min(1, { error: "messages must not be empty." }),
  stream: z.boolean({ error: "stream must be a boolean." }).optional().nullable(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).optional().nullable(),
});

const embeddingsRequest = z.looseObject({
  model: z.string({ error: "model is required and must be a string." }).min(1, { error: "model is required." }),
  input: z.union([z.string(), z.array(z.string()).min(1), z.array(z.number()), z.array(z.array(z.number()))], {
    error: "input must be a string or an array of strings.",
  }),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.map(String).join(".") || null;
  throw invalidRequest(param ? `${issue.message} (at ${param})` : issue.message, "invalid_value", param);
}

export const parseChatRequest = (body: unknown) => parse(chatRequest, body) as ChatRequest;
export const parseEmbeddingsRequest = (body: unknown) => parse(embeddingsRequest, body) as Record<string, unknown> & { model: string };
