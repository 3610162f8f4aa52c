import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { BreakerState } from "@/lib/routing/circuit-breaker";
import { duration } from "./format";

const LOOK: Record<BreakerState, { label: string; className: string; meaning: string }> = {
  closed: { label: "closed", className: "border-emerald-600/30 bg-emerald-50 text-emerald-900", meaning: "Requests flow." },
  open: { label: "open", className: "border-transparent bg-destructive text-white", meaning: "Routes skip this target." },
  half_open: { label: "half-open", className: "border-amber-500/40 bg-amber-50 text-amber-900", meaning: "The next request is a probe: its outcome closes or reopens the breaker." },
};

/** A target's circuit breaker: its state, what it means, and when an open one lets its probe through. */
export function BreakerBadge({ state, probeAt, now }: { state: BreakerState; probeAt: Date | null; now: Date }) {
  const look = LOOK[state];
  return (
    <div className="grid gap-1">
      <Badge variant="outline" className={cn("w-fit", look.className)} title={look.meaning}>
        {look.label}
      </Badge>
      {state === "open" && probeAt && (
        <span className="text-xs text-muted-foreground">
          next probe {probeAt > now ? `in ${duration(probeAt.getTime() - now.getTime())}` : "now"} ({probeAt.toLocaleTimeString()})
        </span>
      )}
      {state === "half_open" && <span className="text-xs text-muted-foreground">probing</span>}
    </div>
  );
}
