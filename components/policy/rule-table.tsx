import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { PolicyAction, PolicyRule } from "@/lib/policy/policy-schema";

/** The rule's conditions as short readable phrases. */
export function describeConditions(rule: PolicyRule): string[] {
  const when = rule.when;
  const parts: string[] = [];
  if (when.categories?.length) parts.push(`category ${when.categories.join(" or ")}`);
  if (when.detectors?.length) parts.push(`detector ${when.detectors.join(", ")}`);
  if (when.minSeverity) parts.push(`severity ≥ ${when.minSeverity}`);
  if (when.models?.length) parts.push(`model ${when.models.join(", ")}`);
  if (when.keyIds?.length) parts.push(`key ${when.keyIds.join(", ")}`);
  if (when.keyTags?.length) parts.push(`key tag ${when.keyTags.join(", ")}`);
  if (parts.length === 0) parts.push("every request");
  return parts;
}

export function describeAction(action: PolicyAction): string {
  return action.type === "route" ? `route to ${action.model}` : action.type;
}

/** The ordered rules of a policy, read-only. Order matters: it decides which rule wins. */
export function RuleTable({ rules }: { rules: PolicyRule[] }) {
  if (rules.length === 0) return <p className="text-sm text-muted-foreground">No rules: every request is allowed.</p>;
  return (
    <Table aria-label="Policy rules">
      <TableHeader>
        <TableRow>
          <TableHead>#</TableHead>
          <TableHead>Rule</TableHead>
          <TableHead>Mode</TableHead>
          <TableHead>Directions</TableHead>
          <TableHead>Conditions</TableHead>
          <TableHead>Action</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rules.map((rule, index) => (
          <TableRow key={rule.id} data-testid={`rule-${rule.id}`}>
            <TableCell className="text-xs text-muted-foreground">{index + 1}</TableCell>
            <TableCell>
              <div className="font-mono text-xs font-medium">{rule.id}</div>
              {rule.description && <div className="text-xs text-muted-foreground">{rule.description}</div>}
            </TableCell>
            <TableCell>
              {rule.enabled ? <Badge variant={rule.mode === "enforce" ? "secondary" : "outline"}>{rule.mode}</Badge> : <Badge variant="outline">disabled</Badge>}
            </TableCell>
            <TableCell className="font-mono text-xs">{rule.when.directions.join(", ")}</TableCell>
            <TableCell className="text-xs">
              <ul className="grid gap-0.5">
                {describeConditions(rule).map((part) => (
                  <li key={part}>{part}</li>
                ))}
              </ul>
            </TableCell>
            <TableCell>
              <Badge variant={rule.action.type === "block" ? "destructive" : "outline"}>{describeAction(rule.action)}</Badge>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
