import type { Metadata } from "next";
import Link from "next/link";
import { KeyGrantsTable } from "@/components/mcp/key-grants-table";
import { BackLink } from "@/components/ui/back-link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { listKeyToolAccess } from "@/lib/mcp/key-tool-access";

export const metadata: Metadata = { title: "MCP grants per key" };

export default async function McpGrantsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "mcp:read");
  const access = await listKeyToolAccess(await getDb(), ctx);
  const allKeys = can(ctx.role, "key:read");
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <BackLink href={`/${ctx.org.slug}/mcp`}>MCP servers</BackLink>
        <h1 className="text-2xl font-semibold">Grants per key</h1>
        <p className="text-sm text-muted-foreground">
          What each key sees in <code>/mcp</code>: tools that are approved, unchanged since their approval, and granted to the key, directly, by one of its
          tags, or to every key with the <code>mcp</code> scope.
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>{allKeys ? "Keys with the mcp scope" : "Your keys with the mcp scope"} ({access.length})</CardTitle>
          <CardDescription>Live keys only: revoked and expired keys cannot connect.</CardDescription>
        </CardHeader>
        <CardContent>
          {access.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              No live key has the <code>mcp</code> scope.{" "}
              {can(ctx.role, "key:write") && (
                <Link className="text-foreground underline" href={`/${ctx.org.slug}/keys`}>
                  Create one on the API keys page.
                </Link>
              )}
            </p>
          ) : (
            <KeyGrantsTable access={access} />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
