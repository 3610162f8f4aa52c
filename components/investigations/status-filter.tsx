import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { INVESTIGATION_STATUS_LABELS, INVESTIGATION_STATUSES } from "@/lib/schemas/investigation";

/** Links, not a form: each status is a URL that can be shared. */
export function StatusFilter({ orgSlug, current }: { orgSlug: string; current: string }) {
  const options = [["all", "All"], ...INVESTIGATION_STATUSES.map((status) => [status, INVESTIGATION_STATUS_LABELS[status]])] as const;
  return (
    <nav aria-label="Filter by status" className="flex flex-wrap gap-2">
      {options.map(([value, label]) => (
        <Link
          key={value}
          href={value === "all" ? `/${orgSlug}/investigations` : `/${orgSlug}/investigations?status=${value}`}
          aria-current={current === value ? "page" : undefined}
          className={cn("rounded-md border px-3 py-1 text-sm", current === value ? "bg-accent font-medium" : "text-muted-foreground hover:bg-accent")}
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}
