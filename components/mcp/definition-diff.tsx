import { cn } from "@/components/ui/cn";
import type { DefinitionChange, DiffLine } from "@/lib/mcp/definition-diff";

const FIELD_LABELS: Record<DefinitionChange["field"], string> = {
  title: "Title",
  description: "Description",
  inputSchema: "Input schema",
  outputSchema: "Output schema",
  annotations: "Annotations",
};

/** What changed since the approved definition: texts before and after, schemas as a line diff. */
export function DefinitionDiff({ changes }: { changes: DefinitionChange[] }) {
  if (changes.length === 0) return <p className="text-sm text-muted-foreground">No field differs from the approved definition.</p>;
  return (
    <ul className="grid gap-3" aria-label="Changes since the approved definition">
      {changes.map((change) => (
        <li key={change.field} className="grid gap-1" data-testid={`change-${change.field}`}>
          <h4 className="text-sm font-medium">{FIELD_LABELS[change.field]} changed</h4>
          {change.kind === "text" ? <TextChange before={change.before} after={change.after} /> : <LineDiff lines={change.lines} />}
        </li>
      ))}
    </ul>
  );
}

function TextChange({ before, after }: { before: string | null; after: string | null }) {
  return (
    <dl className="grid gap-1 text-sm sm:grid-cols-[5rem_1fr]">
      <dt className="text-muted-foreground">Before</dt>
      <dd className="rounded bg-red-50 px-2 py-1 whitespace-pre-wrap">{before === null ? <em>none</em> : <del className="no-underline">{before}</del>}</dd>
      <dt className="text-muted-foreground">After</dt>
      <dd className="rounded bg-emerald-50 px-2 py-1 whitespace-pre-wrap">{after === null ? <em>none</em> : <ins className="no-underline">{after}</ins>}</dd>
    </dl>
  );
}

const SIGNS = { added: "+", removed: "-", unchanged: " " } as const;

function LineDiff({ lines }: { lines: DiffLine[] }) {
  return (
    <pre className="max-h-96 overflow-auto rounded border font-mono text-xs">
      {lines.map((line, index) =>
        line.change === "skipped" ? (
          <div key={index} className="bg-muted px-2 text-muted-foreground">
            … {line.count} unchanged line{line.count === 1 ? "" : "s"}
          </div>
        ) : (
          <div
            key={index}
            className={cn("px-2", line.change === "added" && "bg-emerald-50 text-emerald-900", line.change === "removed" && "bg-red-50 text-red-900")}
            data-change={line.change}
          >
            {SIGNS[line.change]} {line.text}
          </div>
        ),
      )}
    </pre>
  );
}
