import type { Metadata } from "next";
import { LeaveOrgForm } from "@/components/orgs/leave-org-form";
import { PromptStorageForm } from "@/components/orgs/prompt-storage-form";
import { QuotaForm } from "@/components/orgs/quota-form";
import { RenameOrgForm } from "@/components/orgs/rename-org-form";
import { RetentionForm } from "@/components/orgs/retention-form";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getOrgQuotas, monthlyUsage } from "@/lib/orgs/org-quotas";
import { auditRetentionAction, leaveOrgAction, orgQuotasAction, promptStorageAction, renameOrgAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function OrgSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug);
  const db = await getDb();
  const { promptStorage, auditRetentionDays } = await db.org.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { promptStorage: true, auditRetentionDays: true } });
  const quotas = await getOrgQuotas(db, ctx);
  const usage = await monthlyUsage(ctx, quotas);
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="text-sm text-muted-foreground">
          The org&apos;s address is <code>/{ctx.org.slug}</code>.
        </p>
      </div>
      <RenameOrgForm
        action={renameOrgAction}
        orgSlug={ctx.org.slug}
        name={ctx.org.name}
        canEdit={can(ctx.role, "org:update")}
      />
      <PromptStorageForm action={promptStorageAction} orgSlug={ctx.org.slug} value={promptStorage} canEdit={can(ctx.role, "org:update")} />
      <RetentionForm action={auditRetentionAction} orgSlug={ctx.org.slug} days={auditRetentionDays} canEdit={can(ctx.role, "org:update")} />
      <QuotaForm
        action={orgQuotasAction}
        orgSlug={ctx.org.slug}
        quotas={quotas}
        usage={{ ...usage, resetsAt: usage.resetsAt.toISOString() }}
        canEdit={can(ctx.role, "org:update")}
      />
      <LeaveOrgForm action={leaveOrgAction} orgSlug={ctx.org.slug} orgName={ctx.org.name} />
    </div>
  );
}
