import Link from "next/link";
import { cn } from "@/components/ui/cn";

/** The period is a link, so the chosen view is in the URL and can be shared. */
export function PeriodPicker({ orgSlug, current, periods }: { orgSlug: string; current: string; periods: { key: string; label: string }[] }) {
  return (
    <nav aria-label="Period" className="flex flex-wrap gap-2">
      {periods.map((period) => (
        <Link
          key={period.key}
          href={`/${orgSlug}?period=${period.key}`}
          aria-current={current === period.key ? "page" : undefined}
          className={cn("rounded-md border px-3 py-1 text-sm", current === period.key ? "bg-accent font-medium" : "text-muted-foreground hover:bg-accent")}
        >
          {period.label}
        </Link>
      ))}
    </nav>
  );
}
