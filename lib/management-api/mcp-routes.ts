import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { decideMcpCallApproval, getMcpCallApproval, listMcpCallApprovals } from "@/lib/mcp/call-approval-service";
import { createMcpServer, deleteMcpServer, getMcpServer, listMcpServers, syncMcpServer, updateMcpServer } from "@/lib/mcp/server-service";
import { approveAllMcpTools, decideMcpTool, getMcpTool, grantMcpTool, listMcpTools } from "@/lib/mcp/tool-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { mcpServerInputSchema, mcpServerUpdateSchema, mcpToolDecisionSchema, mcpToolGrantSchema } from "@/lib/schemas/mcp";
import { list, readBody, validate, withApiFieldNames } from "./http";
import {
  approveAllBody,
  approveAllResource,
  createdMcpServerResource,
  createMcpServerBody,
  MCP_TOOL_FILTERS,
  mcpCallDecisionBody,
  mcpToolDecisionBody,
  mcpToolGrantBody,
  toMcpCallApprovalResource,
  toMcpServerResource,
  toMcpToolResource,
  toMcpToolSummaryResource,
  toSyncSummaryResource,
  updateMcpServerBody,
} from "./mcp-resources";

/**
 * Governed MCP tools under /api/v1/mcp: servers (register, edit, remove, list their tools now,
 * approve all), tools (read, decide, grant) and held tool calls (list, decide). The services
 * check permissions and tenancy; this maps snake_case bodies onto their schemas. Null when the
 * path is not one of these routes.
 */
export async function mcpRoute(request: Request, path: string, db: Db, ctx: OrgContext): Promise<Response | null> {
  const [, area, collection, id, action, ...rest] = path.split("/");
  if (area !== "mcp" || rest.length) return null;
  const route = `${request.method} /${collection ?? ""}${id ? "/{id}" : ""}${action ? `/${action}` : ""}`;
  try {
    return await answer(route, request, db, ctx, id);
  } catch (caught) {
    // Service schemas name fields in camelCase; the caller sent snake_case.
    throw withApiFieldNames(caught);
  }
}

async function answer(route: string, request: Request, db: Db, ctx: OrgContext, id: string | undefined): Promise<Response | null> {
  switch (route) {
    case "GET /servers":
      return list((await listMcpServers(db, ctx)).map(toMcpServerResource));
    case "POST /servers": {
      const body = await readBody(request, createMcpServerBody);
      const input = validate(mcpServerInputSchema, { name: body.name, url: body.url, bearerToken: body.bearer_token, headers: body.headers });
      const { server, summary, error } = await createMcpServer(db, ctx, input);
      const created = { ...toMcpServerResource(await serverWithCounts(db, ctx, server.id)), sync: summary && toSyncSummaryResource(summary), sync_error: error };
      return Response.json(createdMcpServerResource.parse(created), { status: 201 });
    }
    case "GET /servers/{id}":
      return Response.json(toMcpServerResource(await serverWithCounts(db, ctx, id!)));
    case "PATCH /servers/{id}": {
      const body = await readBody(request, updateMcpServerBody);
      const input = validate(mcpServerUpdateSchema, { url: body.url, bearerToken: body.bearer_token, headers: body.headers, clearCredentials: body.clear_credentials });
      await updateMcpServer(db, ctx, id!, input);
      return Response.json(toMcpServerResource(await serverWithCounts(db, ctx, id!)));
    }
    case "DELETE /servers/{id}":
      await deleteMcpServer(db, ctx, id!);
      return Response.json({ id });
    case "POST /servers/{id}/sync":
      return Response.json(toSyncSummaryResource(await syncMcpServer(db, ctx, id!)));
    case "POST /servers/{id}/approve-all": {
      const body = await readBody(request, approveAllBody);
      const { note } = validate(mcpToolDecisionSchema.pick({ note: true }), { note: body.note });
      return Response.json(approveAllResource.parse(await approveAllMcpTools(db, ctx, id!, note)));
    }
    case "GET /tools": {
      const filter = toolFilter(new URL(request.url).searchParams);
      // An unknown server is a 404 rather than an empty list, so a wrong id does not look like "no tools".
      if (filter.serverId) await getMcpServer(db, ctx, filter.serverId);
      const tools = await listMcpTools(db, ctx, { serverId: filter.serverId });
      const shown = filter.state === undefined ? tools : tools.filter((tool) => (filter.state === "removed" ? tool.removedAt !== null : tool.removedAt === null && tool.state === filter.state));
      return list(shown.map(toMcpToolSummaryResource));
    }
    case "GET /tools/{id}":
      return Response.json(toMcpToolResource(await getMcpTool(db, ctx, id!)));
    case "POST /tools/{id}/decision": {
      const body = await readBody(request, mcpToolDecisionBody);
      return Response.json(toMcpToolResource(await decideMcpTool(db, ctx, id!, { decision: body.decision, note: body.note, seenHash: body.seen_hash })));
    }
    case "PUT /tools/{id}/grants": {
      const body = await readBody(request, mcpToolGrantBody);
      const grant = validate(mcpToolGrantSchema, { grantAllKeys: body.grant_all_keys, keyIds: body.key_ids, keyTags: body.key_tags, requiresCallApproval: body.requires_call_approval });
      return Response.json(toMcpToolResource(await grantMcpTool(db, ctx, id!, grant)));
    }
    case "GET /call-approvals": {
      const status = new URL(request.url).searchParams.get("status");
      const filter = status === null ? {} : validate(z.object({ status: z.enum(["pending", "decided"], { error: "Choose pending or decided." }) }), { status });
      return list((await listMcpCallApprovals(db, ctx, filter)).map(toMcpCallApprovalResource));
    }
    case "GET /call-approvals/{id}":
      return Response.json(toMcpCallApprovalResource(await getMcpCallApproval(db, ctx, id!)));
    case "POST /call-approvals/{id}/decision": {
      const input = await readBody(request, mcpCallDecisionBody);
      await decideMcpCallApproval(db, ctx, id!, input);
      return Response.json(toMcpCallApprovalResource(await getMcpCallApproval(db, ctx, id!)));
    }
  }
  return null;
}

/** A server with its tool counts, which only the list computes; another org's is "not found". */
async function serverWithCounts(db: Db, ctx: OrgContext, serverId: string) {
  const server = (await listMcpServers(db, ctx)).find((candidate) => candidate.id === serverId);
  if (!server) throw new NotFoundError("MCP server not found.");
  return server;
}

function toolFilter(params: URLSearchParams) {
  const query = { server_id: params.get("server_id") ?? undefined, state: params.get("state") ?? undefined };
  const parsed = validate(
    z.object({ server_id: z.string().min(1).optional(), state: z.enum(MCP_TOOL_FILTERS, { error: `Choose one of ${MCP_TOOL_FILTERS.join(", ")}.` }).optional() }),
    query,
  );
  return { serverId: parsed.server_id, state: parsed.state };
}
