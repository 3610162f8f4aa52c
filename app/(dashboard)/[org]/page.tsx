import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can, ROLE_LABELS } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { orgOverview } from "@/lib/orgs/org-service";

export const metadata: Metadata = { title: "Overview" };

export default async function OrgOverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug);
  const { memberCount, pendingInviteCount } = await orgOverview(await getDb(), ctx);
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{ctx.org.name}</h1>
        <p className="text-sm text-muted-foreground">You are {ROLE_LABELS[ctx.role].toLowerCase()} of this org.</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <CardHeader>
            <CardDescription>Members</CardDescription>
            <CardTitle className="text-3xl">{memberCount}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {pendingInviteCount > 0 ? `${pendingInviteCount} invite(s) waiting to be accepted.` : "No pending invites."}{" "}
            <Link className="text-foreground underline" href={`/${ctx.org.slug}/members`}>
              {can(ctx.role, "member:invite") ? "Invite your team" : "See who is here"}
            </Link>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Gateway traffic</CardDescription>
            <CardTitle className="text-3xl">0 requests</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            No traffic yet. Once providers and API keys are set up for this org, your apps call the gateway with the
            OpenAI SDK and every request shows up here with its decision.
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>What comes next</CardTitle>
          <CardDescription>Setting up a governed gateway for {ctx.org.name}</CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="grid list-decimal gap-2 pl-5 text-sm">
            <li>Invite the people who will run the gateway: admins, members and auditors.</li>
            <li>Connect model providers (OpenAI, Anthropic, Gemini, Azure, or a local model) and approve models.</li>
            <li>Issue API keys to your apps and point their OpenAI SDK at the gateway.</li>
            <li>Review the audit trail: every request with the policy decision that let it through.</li>
          </ol>
        </CardContent>
      </Card>
    </div>
  );
}
