import type { Metadata } from "next";
import { headers } from "next/headers";
import { CreateKeyForm } from "@/components/keys/create-key-form";
import { KeyTable } from "@/components/keys/key-table";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { listCatalog } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { appUrl } from "@/lib/http/app-url";
import { listApiKeys } from "@/lib/keys/key-service";
import { createKeyAction, revokeKeyAction, updateKeyLimitsAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };

export default async function KeysPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "key:read");
  const db = await getDb();
  const [keys, models] = await Promise.all([listApiKeys(db, ctx), listCatalog(db, ctx)]);
  const canWrite = can(ctx.role, "key:write");
  const now = new Date();
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className="text-sm text-muted-foreground">
          Apps keep the OpenAI SDK and change only the base URL to <code>{appUrl(await headers())}/v1</code> and the key.
        </p>
      </div>
      {canWrite && <CreateKeyForm action={createKeyAction} orgSlug={ctx.org.slug} models={models.map((m) => m.publicName)} />}
      <KeyTable
        orgSlug={ctx.org.slug}
        canWrite={canWrite}
        revokeAction={revokeKeyAction}
        updateAction={updateKeyLimitsAction}
        keys={keys.map((k) => ({
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          scopes: k.scopes,
          modelAllowlist: k.modelAllowlist,
          tags: k.tags,
          requestsPerMinute: k.requestsPerMinute,
          tokensPerMinute: k.tokensPerMinute,
          createdBy: k.createdBy.name ?? k.createdBy.email,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
          expiresAt: k.expiresAt?.toISOString() ?? null,
          status: k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt <= now ? "expired" : "active",
        }))}
      />
    </div>
  );
}
