import type { Metadata } from "next";
import { AddProviderForm } from "@/components/providers/add-provider-form";
import { ProviderTable } from "@/components/providers/provider-table";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { listProviders } from "@/lib/providers/provider-service";
import { privateUpstreamsAllowed } from "@/lib/providers/ssrf";
import { addProviderAction, deleteProviderAction, testConnectionAction } from "./actions";

export const metadata: Metadata = { title: "Providers" };

export default async function ProvidersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "provider:read");
  const providers = await listProviders(await getDb(), ctx);
  const canWrite = can(ctx.role, "provider:write");
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Providers</h1>
        <p className="text-sm text-muted-foreground">
          Model providers this org calls. Credentials are encrypted at rest and never shown again in full.
        </p>
      </div>
      {canWrite && <AddProviderForm action={addProviderAction} orgSlug={ctx.org.slug} privateUpstreamsAllowed={privateUpstreamsAllowed()} />}
      <ProviderTable
        orgSlug={ctx.org.slug}
        canWrite={canWrite}
        testAction={testConnectionAction}
        deleteAction={deleteProviderAction}
        providers={providers.map((p) => ({
          id: p.id,
          name: p.name,
          kind: p.kind,
          baseUrl: p.baseUrl,
          credentialHint: p.credentialHint,
          modelCount: p._count.models,
        }))}
      />
    </div>
  );
}
