import type { ChatMessage } from "@/lib/providers/types";

/** One piece of text in a chat request: a message's string content, or one of its text parts. */
export type TextSegment = { message: number; part: number | null; text: string };

export function textSegments(messages: ChatMessage[]): TextSegment[] {
  const segments: TextSegment[] = [];
  messages.forEach((message, index) => {
    if (typeof message.content === "string") segments.push({ message: index, part: null, text: message.content });
    else if (Array.isArray(message.content)) {
      message.content.forEach((part, partIndex) => {
        if (part.type === "text" && typeof part.text === "string") segments.push({ message: index, part: partIndex, text: part.text });
      });
    }
    // Tool call arguments an assistant made earlier are part of what goes to the provider too.
    const toolCalls = message.tool_calls as { function?: { arguments?: unknown } }[] | undefined;
    toolCalls?.forEach((call, callIndex) => {
      if (typeof call.function?.arguments === "string") segments.push({ message: index, part: -1 - callIndex, text: call.function.arguments });
    });
  });
  return segments;
}

/** A copy of the messages with each segment's text replaced, leaving everything else as sent. */
export function replaceSegments(messages: ChatMessage[], segments: TextSegment[], texts: string[]): ChatMessage[] {
  const copy = structuredClone(messages);
  segments.forEach((segment, index) => {
    const text = texts[index]!;
    if (text === segment.text) return;
    const message = copy[segment.message]!;
    if (segment.part === null) message.content = text;
    else if (segment.part >= 0) (message.content as { text?: string }[])[segment.part]!.text = text;
    else (message.tool_calls as { function: { arguments: string } }[])[-1 - segment.part]!.function.arguments = text;
  });
  return copy;
}
