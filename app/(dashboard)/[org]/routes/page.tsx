import type { Metadata } from "next";
import Link from "next/link";
import { NEW_ROUTE_DRAFT } from "@/components/routes/route-draft";
import { RouteForm } from "@/components/routes/route-form";
import { RouteList } from "@/components/routes/route-list";
import { targetOptions } from "@/components/routes/target-options";
import { toRouteSummary } from "@/components/routes/types";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { listCatalog } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { listRoutes } from "@/lib/routing/route-service";
import { createRouteAction, deleteRouteAction } from "./actions";

export const metadata: Metadata = { title: "Routes" };

export default async function RoutesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "route:read");
  const db = await getDb();
  const canWrite = can(ctx.role, "route:write");
  const [routes, models] = await Promise.all([listRoutes(db, ctx), canWrite ? listCatalog(db, ctx) : Promise.resolve([])]);
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Routes</h1>
        <p className="text-sm text-muted-foreground">
          Which catalog models serve a model name, in what order, and when: fallbacks, weighted splits and latency targets. See how the targets fare on
          the <Link className="text-foreground underline" href={`/${ctx.org.slug}/health`}>Health</Link> page.
        </p>
      </div>
      {canWrite &&
        (models.length > 0 ? (
          <Card>
            <CardHeader>
              <CardTitle>Create a route</CardTitle>
              <CardDescription>Saving checks the whole route: its targets must exist, not all weigh zero, and never lead back to it through aliases.</CardDescription>
            </CardHeader>
            <CardContent>
              <RouteForm
                action={createRouteAction}
                orgSlug={ctx.org.slug}
                initial={NEW_ROUTE_DRAFT}
                options={targetOptions(
                  models.map((model) => ({ publicName: model.publicName, kind: model.kind, providerName: model.provider.name })),
                  routes.map((route) => route.name),
                )}
                label="Create a route"
                submitLabel="Create route"
              />
            </CardContent>
          </Card>
        ) : (
          <p className="rounded-lg border border-dashed p-4 text-sm text-muted-foreground">
            Routes send to catalog models: publish one first on the <Link className="text-foreground underline" href={`/${ctx.org.slug}/models`}>Models</Link> page.
          </p>
        ))}
      {!canWrite && <p className="text-sm text-muted-foreground">Only owners and admins can change routes.</p>}
      <RouteList orgSlug={ctx.org.slug} routes={routes.map(toRouteSummary)} canWrite={canWrite} deleteAction={deleteRouteAction} />
    </div>
  );
}
