import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { INVESTIGATION_STATUS_LABELS, type InvestigationStatusValue } from "@/lib/schemas/investigation";

export type InvestigationRow = { id: string; title: string; status: InvestigationStatusValue; owner: string | null; updatedAt: string; items: number; notes: number };

export function InvestigationList({ orgSlug, investigations }: { orgSlug: string; investigations: InvestigationRow[] }) {
  return (
    <ul className="grid gap-2">
      {investigations.map((investigation) => (
        <li key={investigation.id} data-testid={`investigation-${investigation.title}`} className="flex flex-wrap items-center gap-2 rounded-lg border px-4 py-3">
          <Link className="font-medium underline" href={`/${orgSlug}/investigations/${investigation.id}`}>
            {investigation.title}
          </Link>
          <Badge variant={investigation.status === "closed" ? "secondary" : "outline"}>{INVESTIGATION_STATUS_LABELS[investigation.status]}</Badge>
          <span className="text-sm text-muted-foreground">
            owner {investigation.owner ?? "nobody"} · {investigation.items} item(s) · {investigation.notes} note(s) · updated {investigation.updatedAt}
          </span>
        </li>
      ))}
    </ul>
  );
}
