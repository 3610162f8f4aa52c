import type { Piece } from "@/lib/audit/highlight";
import { HighlightedText } from "./highlighted-text";

/** Text kept on an audit row (an answer, a tool call's arguments or result) with findings marked. */
export function StoredText({ pieces, label }: { pieces: Piece[]; label?: string }) {
  return (
    <div aria-label={label} className="rounded-md border bg-muted/30 p-3 font-mono text-xs">
      <HighlightedText pieces={pieces} />
    </div>
  );
}
