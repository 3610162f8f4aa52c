import type { ReactNode } from "react";
import { BillingBanner } from "@/components/billing/billing-banner";
import { AppShell } from "@/components/dashboard/app-shell";
import { can } from "@/lib/auth/rbac";
import { findOrgPageAccess } from "@/lib/auth/session";
import { billingConfig } from "@/lib/billing/billing-config";
import { billingBanner, billingOverview } from "@/lib/billing/billing-usage";
import { pendingAccessRequestCount } from "@/lib/catalog/approval-service";
import { getDb } from "@/lib/db/client";
import { toolsNeedingReviewCount } from "@/lib/mcp/review-count";
import { listOrgsForUser } from "@/lib/orgs/org-service";
import { countPendingMcpCallApprovals } from "@/lib/mcp/call-approval-service";
import { openReviewCount } from "@/lib/reviews/review-queue";
import { signOutAction } from "../../(auth)/actions";

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const access = await findOrgPageAccess(slug);
  if (!access) return children; // the page itself answers 404 with "Org not found"
  const { user, ctx } = access;
  const db = await getDb();
  const billing = billingConfig();
  const [orgs, pendingApprovals, openReviews, toolsToReview, waitingToolCalls, overview] = await Promise.all([
    listOrgsForUser(db, user.id),
    can(ctx.role, "model:approve") ? pendingAccessRequestCount(db, ctx) : 0,
    can(ctx.role, "review:read") ? openReviewCount(db, ctx) : 0,
    can(ctx.role, "mcp:write") ? toolsNeedingReviewCount(db, ctx) : 0,
    can(ctx.role, "review:read") ? countPendingMcpCallApprovals(db, ctx) : 0,
    billing ? billingOverview(db, ctx.org.id) : null,
  ]);
  const banner = overview ? billingBanner(overview) : null;
  // Only pages that work are linked; later features add their entries here.
  const base = `/${ctx.org.slug}`;
  const nav = [
    { href: base, label: "Overview", exact: true },
    ...(can(ctx.role, "playground:use") ? [{ href: `${base}/playground`, label: "Playground" }] : []),
    ...(can(ctx.role, "provider:read") ? [{ href: `${base}/providers`, label: "Providers" }] : []),
    ...(can(ctx.role, "model:read") ? [{ href: `${base}/models`, label: "Models" }] : []),
    // The count is for those who can act on it.
    ...(can(ctx.role, "approval:read") ? [{ href: `${base}/approvals`, label: "Approvals", count: pendingApprovals || undefined, countLabel: "pending" }] : []),
    ...(can(ctx.role, "route:read") ? [{ href: `${base}/routes`, label: "Routes" }, { href: `${base}/health`, label: "Health" }] : []),
    ...(can(ctx.role, "mcp:read") ? [{ href: `${base}/mcp`, label: "MCP tools", count: toolsToReview || undefined, countLabel: "to review" }] : []),
    ...(can(ctx.role, "key:read") ? [{ href: `${base}/keys`, label: "API keys" }] : []),
    ...(can(ctx.role, "policy:read") ? [{ href: `${base}/policy`, label: "Policy" }] : []),
    ...(can(ctx.role, "audit:read") ? [{ href: `${base}/requests`, label: "Requests" }] : []),
    ...(can(ctx.role, "review:read")
      ? [
          // Flagged requests without a verdict and tool calls waiting for approval: both wait in the queue.
          { href: `${base}/reviews`, label: "Reviews", count: openReviews + waitingToolCalls || undefined, countLabel: "open" },
          { href: `${base}/investigations`, label: "Investigations" },
        ]
      : []),
    ...(can(ctx.role, "audit:read") ? [{ href: `${base}/activity`, label: "Activity" }] : []),
    { href: `${base}/members`, label: "Members" },
    ...(billing && can(ctx.role, "billing:read") ? [{ href: `${base}/billing`, label: "Billing" }] : []),
    { href: `${base}/settings`, label: "Settings" },
  ];
  return (
    <AppShell org={ctx.org} orgs={orgs} nav={nav} user={user} signOutAction={signOutAction}>
      {banner && (
        <div className="mb-6">
          <BillingBanner banner={banner} billingHref={can(ctx.role, "billing:read") ? `${base}/billing` : null} />
        </div>
      )}
      {children}
    </AppShell>
  );
}
