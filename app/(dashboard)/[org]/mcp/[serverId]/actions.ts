"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runOrgAction } from "@/lib/auth/org-action";
import { AppError } from "@/lib/errors";
import { readMcpServerUpdateForm, readMcpToolGrantForm } from "@/lib/mcp/mcp-forms";
import { syncMcpServer, updateMcpServer } from "@/lib/mcp/server-service";
import { describeSync } from "@/lib/mcp/server-view";
import { approveAllMcpTools, decideMcpTool, grantMcpTool } from "@/lib/mcp/tool-service";
import type { FormState } from "@/lib/schemas/form";
import { mcpServerUpdateSchema, mcpToolDecisionSchema, mcpToolGrantSchema } from "@/lib/schemas/mcp";

const id = z.string().min(1).max(64);
const serverIdSchema = z.object({ serverId: id });
const noteSchema = mcpToolDecisionSchema.shape.note;

/** Every change here can move the navigation's count of tools to review, so the whole layout is revalidated. */
const revalidate = (slug: string) => revalidatePath(`/${slug}`, "layout");

export async function updateServerAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const schema = mcpServerUpdateSchema.extend({ serverId: id });
  const readForm = (form: FormData) => ({ ...readMcpServerUpdateForm(form), serverId: form.get("serverId") });
  const result = await runOrgAction(formData, { permission: "mcp:write", schema, readForm }, async (db, ctx, { serverId, ...input }) => {
    await updateMcpServer(db, ctx, serverId, input);
    revalidate(ctx.org.slug);
  });
  for (const field of ["bearerToken", "headerName", "headerValue"]) delete result.values?.[field];
  return result;
}

/** Lists the tools now. A failed listing is kept on the server, so the page is refreshed either way. */
export async function syncServerAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "mcp:write", schema: serverIdSchema }, async (db, ctx, input) => {
    try {
      const summary = await syncMcpServer(db, ctx, input.serverId);
      return { ok: true, data: { listed: describeSync(summary) } };
    } catch (error) {
      if (error instanceof AppError && error.code === "mcp_upstream_error") return { message: `Listing failed: ${error.message}` };
      throw error;
    } finally {
      revalidate(ctx.org.slug);
    }
  });
}

export async function approveAllAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "mcp:write", schema: serverIdSchema.extend({ note: noteSchema }) }, async (db, ctx, input) => {
    const { approved } = await approveAllMcpTools(db, ctx, input.serverId, input.note);
    revalidate(ctx.org.slug);
    return { ok: true, data: { count: String(approved.length) } };
  });
}

/** `seenHash` is the definition hash the form showed: approving anything else is refused by the service. */
const decisionSchema = mcpToolDecisionSchema.extend({ toolId: id, seenHash: z.string().regex(/^[0-9a-f]{64}$/).optional() });

export async function decideToolAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "mcp:write", schema: decisionSchema }, async (db, ctx, { toolId, ...input }) => {
    await decideMcpTool(db, ctx, toolId, input);
    revalidate(ctx.org.slug);
    return { ok: true, data: { decision: input.decision } };
  });
}

export async function grantToolAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const readForm = (form: FormData) => ({ ...readMcpToolGrantForm(form), toolId: form.get("toolId") });
  return runOrgAction(formData, { permission: "mcp:write", schema: mcpToolGrantSchema.extend({ toolId: id }), readForm }, async (db, ctx, { toolId, ...grant }) => {
    await grantMcpTool(db, ctx, toolId, grant);
    revalidate(ctx.org.slug);
  });
}
