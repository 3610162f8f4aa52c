import type { PromptView } from "@/lib/audit/highlight";
import { HighlightedText } from "./highlighted-text";

/** The prompt as stored, message by message, with findings marked. */
export function StoredPrompt({ view }: { view: PromptView }) {
  if (view.kind === "text") {
    return (
      <div className="rounded-md border bg-muted/30 p-3 font-mono text-xs">
        <HighlightedText pieces={view.pieces} />
      </div>
    );
  }
  return (
    <ol aria-label="Prompt messages" className="grid gap-2">
      {view.messages.map((message, index) => (
        <li key={index} className="rounded-md border bg-muted/30 p-3 text-sm">
          <div className="mb-1 text-xs font-medium uppercase text-muted-foreground">{message.role}</div>
          {message.segments.length === 0 ? (
            <span className="text-muted-foreground">(no text)</span>
          ) : (
            message.segments.map((segment, i) => (
              <div key={i} className="font-mono text-xs">
                {segment.label && <div className="text-muted-foreground">{segment.label}</div>}
                <HighlightedText pieces={segment.pieces} />
              </div>
            ))
          )}
        </li>
      ))}
    </ol>
  );
}
