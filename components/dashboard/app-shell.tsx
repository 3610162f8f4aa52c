import type { ReactNode } from "react";
import { AccountMenu } from "./account-menu";
import { NavLinks, type NavItem } from "./nav-links";
import { OrgSwitcher } from "./org-switcher";
import { ProductMark } from "./product-mark";

/** The dashboard frame: org switcher and navigation on the left, account menu on top. */
export function AppShell({
  org,
  orgs,
  nav,
  user,
  signOutAction,
  children,
}: {
  org: { slug: string; name: string };
  orgs: { slug: string; name: string; role: string }[];
  nav: NavItem[];
  user: { email: string; name: string | null };
  signOutAction: () => Promise<void>;
  children: ReactNode;
}) {
  return (
    <div className="grid min-h-screen md:grid-cols-[15rem_1fr]">
      <aside className="flex flex-col gap-4 border-r bg-muted/30 p-4">
        <ProductMark />
        <OrgSwitcher current={org} orgs={orgs} />
        <NavLinks items={nav} />
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex h-14 items-center justify-end border-b px-6">
          <AccountMenu user={user} signOutAction={signOutAction} />
        </header>
        <main className="mx-auto w-full max-w-5xl flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
