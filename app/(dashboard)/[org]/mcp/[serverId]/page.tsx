import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApproveAllForm } from "@/components/mcp/approve-all-form";
import { EditServerForm } from "@/components/mcp/edit-server-form";
import { SyncServerForm } from "@/components/mcp/sync-server-form";
import { ToolCounts } from "@/components/mcp/tool-counts";
import { ToolTable } from "@/components/mcp/tool-table";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { visibleKeyNames } from "@/lib/catalog/approval-service";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { listMcpKeys } from "@/lib/mcp/key-tool-access";
import { getMcpServer } from "@/lib/mcp/server-service";
import { toServerItem } from "@/lib/mcp/server-view";
import { listMcpTools } from "@/lib/mcp/tool-service";
import { toolStateOf, toToolItem } from "@/lib/mcp/tool-view";
import { approveAllAction, decideToolAction, grantToolAction, syncServerAction, updateServerAction } from "./actions";

export const metadata: Metadata = { title: "MCP server" };

export default async function McpServerPage({ params }: { params: Promise<{ org: string; serverId: string }> }) {
  const { org: slug, serverId } = await params;
  const { ctx } = await requireOrgPage(slug, "mcp:read");
  const db = await getDb();
  const row = await getMcpServer(db, ctx, serverId).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const canWrite = can(ctx.role, "mcp:write");
  const [rows, keyNames, mcpKeys] = await Promise.all([listMcpTools(db, ctx, { serverId: row.id }), visibleKeyNames(db, ctx), canWrite ? listMcpKeys(db, ctx) : []]);
  const tools = rows.map((tool) => toToolItem(tool, keyNames));
  const toolCounts = { unreviewed: 0, approved: 0, denied: 0, changed: 0, removed: 0 };
  for (const tool of rows) toolCounts[toolStateOf(tool)]++;
  const server = toServerItem({ ...row, toolCounts });
  const waiting = toolCounts.unreviewed + toolCounts.changed;
  const tagsInUse = [...new Set(mcpKeys.flatMap((key) => key.tags))].sort();
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <BackLink href={`/${ctx.org.slug}/mcp`}>MCP servers</BackLink>
        <h1 className="text-2xl font-semibold">
          MCP server <span className="font-mono">{server.name}</span>
        </h1>
        <p className="font-mono text-sm text-muted-foreground">{server.url}</p>
        <p className="text-sm text-muted-foreground">
          Credentials: <span className="font-mono">{server.headerHints.length ? server.headerHints.join(", ") : "none"}</span> · Last listed: {server.lastListedAt ?? "never"}
        </p>
        <ToolCounts counts={server.toolCounts} />
      </div>
      {server.lastError && (
        <Alert variant="destructive" data-testid="last-error">
          The last listing failed: {server.lastError}
        </Alert>
      )}
      {canWrite && (
        <Card>
          <CardHeader>
            <CardTitle>Tools listing</CardTitle>
            <CardDescription>
              Listing again adds new tools as unreviewed and holds approved tools whose definition changed. Approving all approves every unreviewed and held
              tool as it is defined now.
            </CardDescription>
          </CardHeader>
          <CardContent className="flex flex-wrap items-start gap-4">
            <SyncServerForm action={syncServerAction} orgSlug={ctx.org.slug} server={server} />
            <ApproveAllForm action={approveAllAction} orgSlug={ctx.org.slug} server={server} waiting={waiting} />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Tools ({tools.length})</CardTitle>
          <CardDescription>
            Clients see them as <code>{server.name}__&lt;tool&gt;</code>. A tool is callable by a key when it is approved, its definition is the approved one,
            and it is granted to the key.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ToolTable orgSlug={ctx.org.slug} tools={tools} write={canWrite ? { decide: decideToolAction, grant: grantToolAction, options: { keys: mcpKeys, tagsInUse } } : undefined} />
        </CardContent>
      </Card>
      {canWrite && (
        <Card>
          <CardHeader>
            <CardTitle>Settings</CardTitle>
            <CardDescription>Stored credentials are never shown again: keep them, replace them, or remove them.</CardDescription>
          </CardHeader>
          <CardContent>
            <EditServerForm action={updateServerAction} orgSlug={ctx.org.slug} server={server} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
