import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { flushAudit } from "@/lib/audit/audit-writer";
import { getDb } from "@/lib/db/client";
import type { OrgContext } from "@/lib/orgs/org-access";
import { createMcpServer } from "@/lib/mcp/server-service";
import { decideMcpTool, grantMcpTool } from "@/lib/mcp/tool-service";

/** Shared steps of the MCP tests: a connected SDK client, a registered server, an approved and granted tool. */
export async function connectClient(gatewayUrl: string, apiKey: string | null): Promise<Client> {
  const client = new Client({ name: "mcp-test-client", version: "1.0.0" });
  const headers: Record<string, string> = apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gatewayUrl}/mcp`), { requestInit: { headers } }));
  return client;
}

export async function registerServer(ctx: OrgContext, name: string, url: string, bearerToken?: string) {
  const created = await createMcpServer(await getDb(), ctx, { name, url, bearerToken, headers: {} });
  if (created.error) throw new Error(`listing failed: ${created.error}`);
  return created.server;
}

export async function toolId(serverId: string, name: string): Promise<string> {
  const db = await getDb();
  return (await db.mcpTool.findFirstOrThrow({ where: { serverId, name }, select: { id: true } })).id;
}

/** Approves the tool as listed now and grants it to the key. */
export async function approveAndGrant(ctx: OrgContext, serverId: string, name: string, keyId: string, options: { requiresCallApproval?: boolean } = {}) {
  const db = await getDb();
  const id = await toolId(serverId, name);
  await decideMcpTool(db, ctx, id, { decision: "approve" });
  await grantMcpTool(db, ctx, id, { grantAllKeys: false, keyIds: [keyId], keyTags: [], requiresCallApproval: options.requiresCallApproval });
  return id;
}

/** The audit row of a tool call, once the buffered writer has flushed. */
export async function auditRow(requestId: string) {
  await flushAudit();
  return (await getDb()).gatewayRequest.findUniqueOrThrow({ where: { requestId } });
}

/** What the gateway's refusal carried: the JSON-RPC code and data of an McpError. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: number; message: string; data: { code: string; requestId: string } & Record<string, unknown> }> {
  const error = (await promise.then(
    () => {
      throw new Error("expected the call to be refused");
    },
    (caught: unknown) => caught,
  )) as { code: number; message: string; data: { code: string; requestId: string } };
  return error;
}
