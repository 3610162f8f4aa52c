import { Badge } from "@/components/ui/badge";
import type { ServerItem } from "@/lib/mcp/server-view";
import type { ToolStateName } from "@/lib/mcp/tool-view";
import { HELD_CLASSES } from "./tool-state-badge";

const ORDER: [ToolStateName, string][] = [
  ["changed", "held"],
  ["unreviewed", "unreviewed"],
  ["approved", "approved"],
  ["denied", "denied"],
  ["removed", "removed"],
];

/** A server's tools by state, the ones needing an admin first; held ones stand out. */
export function ToolCounts({ counts }: { counts: ServerItem["toolCounts"] }) {
  const shown = ORDER.filter(([state]) => counts[state] > 0);
  if (shown.length === 0) return <span className="text-xs text-muted-foreground">no tools</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Tools by state">
      {shown.map(([state, label]) => (
        <li key={state}>
          <Badge variant={state === "approved" ? "secondary" : "outline"} className={state === "changed" ? HELD_CLASSES : undefined} data-testid={`count-${label}`}>
            {counts[state]} {label}
          </Badge>
        </li>
      ))}
    </ul>
  );
}
