import type { Metadata } from "next";
import Link from "next/link";
import { CatalogTable } from "@/components/models/catalog-table";
import { PublishModelForm } from "@/components/models/publish-model-form";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { listCatalog } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { listProviders } from "@/lib/providers/provider-service";
import { publishModelAction, unpublishModelAction } from "./actions";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "model:read");
  const db = await getDb();
  const [models, providers] = await Promise.all([listCatalog(db, ctx), listProviders(db, ctx)]);
  const canWrite = can(ctx.role, "model:write");
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Models</h1>
        <p className="text-sm text-muted-foreground">
          The org catalog: the names apps send as <code>model</code>, each mapped to a provider&apos;s model.
        </p>
      </div>
      {canWrite &&
        (providers.length > 0 ? (
          <PublishModelForm action={publishModelAction} orgSlug={ctx.org.slug} providers={providers.map((p) => ({ id: p.id, name: p.name }))} />
        ) : (
          <p className="rounded-lg border border-dashed p-4 text-sm text-muted-foreground">
            Add a provider first on the <Link className="text-foreground underline" href={`/${ctx.org.slug}/providers`}>Providers</Link> page.
          </p>
        ))}
      <CatalogTable
        orgSlug={ctx.org.slug}
        canWrite={canWrite}
        unpublishAction={unpublishModelAction}
        models={models.map((m) => ({ id: m.id, publicName: m.publicName, kind: m.kind, upstreamModel: m.upstreamModel, providerName: m.provider.name }))}
      />
    </div>
  );
}
