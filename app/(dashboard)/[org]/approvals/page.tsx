import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { RequestList } from "@/components/approvals/request-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { toRequestItems } from "@/lib/catalog/access-request-view";
import { keyTagsInUse, listAccessRequests, orgKeysForScope, visibleKeyNames } from "@/lib/catalog/approval-service";
import { getDb } from "@/lib/db/client";
import { age } from "@/lib/format/time";
import { decideRequestAction } from "./actions";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug);
  // Members follow their own requests on the Models page; the queue is for those who read it.
  if (!can(ctx.role, "approval:read")) redirect(`/${ctx.org.slug}/models`);
  const db = await getDb();
  const canDecide = can(ctx.role, "model:approve");
  const [requests, keyNames, orgKeys, tagsInUse] = await Promise.all([
    listAccessRequests(db, ctx),
    visibleKeyNames(db, ctx),
    canDecide ? orgKeysForScope(db, ctx) : [],
    keyTagsInUse(db, ctx),
  ]);
  const now = new Date();
  const items = toRequestItems(requests, keyNames, (date) => age(date, now));
  const pending = items.filter((request) => request.status === "pending");
  const decided = items.filter((request) => request.status !== "pending");
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Approvals</h1>
        <p className="text-sm text-muted-foreground">
          Members ask for models on the <Link className="text-foreground underline" href={`/${ctx.org.slug}/models`}>Models</Link> page.
          Approving adds the scope to the model&apos;s approval (every key wins over tags and keys); denying leaves an approved model as it is.
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Waiting ({pending.length})</CardTitle>
          <CardDescription>Oldest first.</CardDescription>
        </CardHeader>
        <CardContent>
          {pending.length === 0 ? (
            <p className="text-sm text-muted-foreground">No requests are waiting.</p>
          ) : (
            <RequestList requests={pending} decide={canDecide ? { action: decideRequestAction, orgSlug: ctx.org.slug, options: { keys: orgKeys, tagsInUse } } : undefined} />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Decided</CardTitle>
          <CardDescription>Latest first.</CardDescription>
        </CardHeader>
        <CardContent>
          {decided.length === 0 ? <p className="text-sm text-muted-foreground">Nothing decided yet.</p> : <RequestList requests={decided} />}
        </CardContent>
      </Card>
    </div>
  );
}
