import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { draftOfRoute } from "@/components/routes/route-draft";
import { RouteForm } from "@/components/routes/route-form";
import { targetOptions } from "@/components/routes/target-options";
import { toRouteSummary } from "@/components/routes/types";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { listCatalog } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { getRoute, listRoutes } from "@/lib/routing/route-service";
import { updateRouteAction } from "../actions";

export const metadata: Metadata = { title: "Edit route" };

export default async function EditRoutePage({ params }: { params: Promise<{ org: string; routeId: string }> }) {
  const { org: slug, routeId } = await params;
  const { ctx } = await requireOrgPage(slug, "route:read");
  const db = await getDb();
  const route = await getRoute(db, ctx, routeId).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const back = `/${ctx.org.slug}/routes`;
  if (!can(ctx.role, "route:write")) {
    return (
      <div className="grid gap-4">
        <h1 className="text-2xl font-semibold">Route {route.name}</h1>
        <p className="text-sm text-muted-foreground">
          Only owners and admins can change routes. <Link className="text-foreground underline" href={back}>Back to routes</Link>
        </p>
      </div>
    );
  }
  const [models, routes] = await Promise.all([listCatalog(db, ctx), listRoutes(db, ctx)]);
  return (
    <div className="grid gap-6">
      <div>
        <BackLink href={back}>Routes</BackLink>
        <h1 className="text-2xl font-semibold">
          Edit route <span className="font-mono">{route.name}</span> (priority {route.priority})
        </h1>
      </div>
      {route.problems.length > 0 && (
        <Alert variant="warning">
          {route.problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
        </Alert>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Settings</CardTitle>
          <CardDescription>Saving replaces the whole route. Renaming is refused while another route sends to this name.</CardDescription>
        </CardHeader>
        <CardContent>
          <RouteForm
            action={updateRouteAction}
            orgSlug={ctx.org.slug}
            routeId={route.id}
            initial={draftOfRoute(toRouteSummary(route))}
            options={targetOptions(
              models.map((model) => ({ publicName: model.publicName, kind: model.kind, providerName: model.provider.name })),
              routes.map((other) => other.name),
              route.name,
            )}
            label="Edit route"
            submitLabel="Save route"
          />
        </CardContent>
      </Card>
    </div>
  );
}
