import { Badge } from "@/components/ui/badge";

/** A decision at a glance: blocks stand out, allows recede. */
export function DecisionBadge({ decision }: { decision: string }) {
  const variant = decision === "block" ? "destructive" : decision === "allow" ? "outline" : "default";
  return <Badge variant={variant}>{decision}</Badge>;
}
