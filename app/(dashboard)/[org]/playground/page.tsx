import type { Metadata } from "next";
import Link from "next/link";
import { PlaygroundChat } from "@/components/playground/playground-chat";
import { requireOrgPage } from "@/lib/auth/session";
import { listCatalog } from "@/lib/catalog/catalog-service";
import { approvedOrgWide } from "@/lib/catalog/model-approval";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "Playground" };

export default async function PlaygroundPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "playground:use");
  // The playground has no key, so it offers what every key may use (lib/gateway/resolve-model.ts).
  const models = (await listCatalog(await getDb(), ctx)).filter((model) => model.kind === "chat" && approvedOrgWide(model.approval)).map((model) => model.publicName);
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Playground</h1>
        <p className="text-sm text-muted-foreground">
          Chats here pass the same pipeline as your apps&apos; requests, as you, and are audited the same way.
        </p>
      </div>
      {models.length === 0 ? (
        <p className="rounded-lg border border-dashed p-4 text-sm text-muted-foreground">
          No chat model is approved for every key yet. Publish or request one on the{" "}
          <Link className="text-foreground underline" href={`/${ctx.org.slug}/models`}>Models</Link> page.
        </p>
      ) : (
        <PlaygroundChat orgSlug={ctx.org.slug} models={models} />
      )}
    </div>
  );
}
