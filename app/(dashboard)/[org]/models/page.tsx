import type { Metadata } from "next";
import Link from "next/link";
import { RequestList } from "@/components/approvals/request-list";
import { CatalogList } from "@/components/models/catalog-list";
import { PublishModelForm } from "@/components/models/publish-model-form";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { toRequestItems } from "@/lib/catalog/access-request-view";
import { keyTagsInUse, listAccessRequests, orgKeysForScope, ownKeys, visibleKeyNames } from "@/lib/catalog/approval-service";
import { listCatalog } from "@/lib/catalog/catalog-service";
import { toCatalogItems } from "@/lib/catalog/catalog-view";
import { getDb } from "@/lib/db/client";
import { age } from "@/lib/format/time";
import { listProviders } from "@/lib/providers/provider-service";
import { decideModelAction, publishModelAction, requestAccessAction, unpublishModelAction } from "./actions";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "model:read");
  const db = await getDb();
  const allowed = { write: can(ctx.role, "model:write"), request: can(ctx.role, "model:request"), approve: can(ctx.role, "model:approve") };
  const [models, providers, requests, mine, tagsInUse, orgKeys, keyNames] = await Promise.all([
    listCatalog(db, ctx),
    allowed.write ? listProviders(db, ctx) : [],
    listAccessRequests(db, ctx),
    ownKeys(db, ctx),
    keyTagsInUse(db, ctx),
    allowed.approve ? orgKeysForScope(db, ctx) : [],
    visibleKeyNames(db, ctx),
  ]);
  const now = new Date();
  const since = (date: Date) => age(date, now);
  const own = requests.filter((request) => request.requester.id === ctx.userId);
  const items = toCatalogItems(models, { ownKeys: mine, keyNames, pendingRequests: own.filter((request) => request.status === "pending"), age: since });
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Models</h1>
        <p className="text-sm text-muted-foreground">
          The org catalog: the names apps send as <code>model</code>, each mapped to a provider&apos;s model. Only approved models answer
          {allowed.approve
            ? ": approve each for every key, or only for some keys or key tags."
            : allowed.request
              ? "; request access to one that is not approved for you."
              : "."}{" "}
          {can(ctx.role, "approval:read") && (
            <Link className="text-foreground underline" href={`/${ctx.org.slug}/approvals`}>
              See the approval queue
            </Link>
          )}
        </p>
      </div>
      {allowed.write &&
        (providers.length > 0 ? (
          <PublishModelForm action={publishModelAction} orgSlug={ctx.org.slug} providers={providers.map((p) => ({ id: p.id, name: p.name }))} />
        ) : (
          <p className="rounded-lg border border-dashed p-4 text-sm text-muted-foreground">
            Add a provider first on the <Link className="text-foreground underline" href={`/${ctx.org.slug}/providers`}>Providers</Link> page.
          </p>
        ))}
      <CatalogList
        orgSlug={ctx.org.slug}
        models={items}
        can={allowed}
        actions={{ unpublish: unpublishModelAction, request: requestAccessAction, decide: decideModelAction }}
        requestOptions={{ keys: mine.map(({ id, name, tags }) => ({ id, name, tags })), tagsInUse }}
        decisionOptions={{ keys: orgKeys, tagsInUse }}
      />
      {own.length > 0 && (
        <Card>
          <CardHeader>
            <CardTitle>Your requests ({own.length})</CardTitle>
          </CardHeader>
          <CardContent>
            <RequestList requests={toRequestItems(own, keyNames, since)} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
