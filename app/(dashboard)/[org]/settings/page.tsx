import type { Metadata } from "next";
import { LeaveOrgForm } from "@/components/orgs/leave-org-form";
import { RenameOrgForm } from "@/components/orgs/rename-org-form";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { leaveOrgAction, renameOrgAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function OrgSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug);
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
      <LeaveOrgForm action={leaveOrgAction} orgSlug={ctx.org.slug} orgName={ctx.org.name} />
    </div>
  );
}
