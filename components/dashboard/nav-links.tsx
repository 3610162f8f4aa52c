"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export type NavItem = {
  href: string;
  label: string;
  exact?: boolean;
  /** A number that needs attention (pending approvals); read out as "<count> <countLabel>". */
  count?: number;
  countLabel?: string;
};

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Org" className="grid gap-1">
      {items.map((item) => {
        const active = item.exact ? pathname === item.href : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm text-muted-foreground hover:bg-accent hover:text-accent-foreground",
              active && "bg-accent font-medium text-accent-foreground",
            )}
          >
            {item.label}
            {item.count !== undefined && (
              <span data-testid={`nav-count-${item.label.toLowerCase()}`} className="rounded-full bg-primary px-2 text-xs font-medium text-primary-foreground">
                {item.count}
                <span className="sr-only"> {item.countLabel}</span>
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
