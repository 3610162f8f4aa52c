import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { ToolStateName } from "@/lib/mcp/tool-view";

export const TOOL_STATE_LABELS: Record<ToolStateName, string> = {
  unreviewed: "Unreviewed",
  approved: "Approved",
  denied: "Denied",
  changed: "Held: definition changed",
  removed: "Removed",
};

/** Held is the state that needs an admin most: amber, like the warnings elsewhere. */
export const HELD_CLASSES = "border-amber-500/40 bg-amber-100 text-amber-900";

export function ToolStateBadge({ state }: { state: ToolStateName }) {
  const variant = state === "approved" ? "default" : state === "denied" ? "destructive" : "outline";
  return (
    <Badge variant={variant} className={cn(state === "changed" && HELD_CLASSES, state === "removed" && "text-muted-foreground")} data-testid="tool-state">
      {TOOL_STATE_LABELS[state]}
    </Badge>
  );
}
