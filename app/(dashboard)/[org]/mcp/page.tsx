import type { Metadata } from "next";
import Link from "next/link";
import { RegisterServerForm } from "@/components/mcp/register-server-form";
import { ServerTable } from "@/components/mcp/server-table";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { listMcpServers } from "@/lib/mcp/server-service";
import { toServerItem } from "@/lib/mcp/server-view";
import { privateUpstreamsAllowed } from "@/lib/providers/ssrf";
import { registerServerAction, removeServerAction } from "./actions";

export const metadata: Metadata = { title: "MCP servers" };

export default async function McpServersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "mcp:read");
  const servers = await listMcpServers(await getDb(), ctx);
  const canWrite = can(ctx.role, "mcp:write");
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">MCP servers</h1>
        <p className="text-sm text-muted-foreground">
          Upstream MCP servers whose tools this org offers through the gateway&apos;s <code>/mcp</code>, to API keys with the <code>mcp</code> scope. A tool is
          callable only once approved and granted; a tool whose definition changes upstream is held until its new definition is approved.{" "}
          <Link className="text-foreground underline" href={`/${ctx.org.slug}/mcp/grants`}>
            See which tools each key can call
          </Link>
          .
        </p>
      </div>
      {canWrite && <RegisterServerForm action={registerServerAction} orgSlug={ctx.org.slug} privateUpstreamsAllowed={privateUpstreamsAllowed()} />}
      {!canWrite && <p className="text-sm text-muted-foreground">Only owners and admins can register servers and approve or grant tools.</p>}
      <ServerTable orgSlug={ctx.org.slug} servers={servers.map(toServerItem)} canWrite={canWrite} removeAction={removeServerAction} />
    </div>
  );
}
