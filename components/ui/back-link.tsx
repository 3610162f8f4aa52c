import Link from "next/link";

/** The "← Section" link above a detail page's heading, back to the list it was opened from. */
export function BackLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <p className="text-sm">
      <Link className="text-muted-foreground underline" href={href}>
        ← {children}
      </Link>
    </p>
  );
}
