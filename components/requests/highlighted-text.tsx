import type { Piece } from "@/lib/audit/highlight";

/** Text with findings marked; the mark names the rule and severity, never anything more. */
export function HighlightedText({ pieces }: { pieces: Piece[] }) {
  return (
    <span className="whitespace-pre-wrap break-words">
      {pieces.map((piece, index) =>
        piece.findings ? (
          <mark
            key={index}
            data-testid="finding-mark"
            data-rules={piece.findings.map((f) => f.ruleId).join(" ")}
            title={piece.findings.map((f) => `${f.ruleId} (${f.category}, ${f.severity})`).join("; ")}
            className="rounded-sm bg-amber-200 px-0.5 text-amber-950 dark:bg-amber-500/40 dark:text-amber-50"
          >
            {piece.text}
          </mark>
        ) : (
          <span key={index}>{piece.text}</span>
        ),
      )}
    </span>
  );
}
