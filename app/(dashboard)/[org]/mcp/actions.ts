"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runOrgAction } from "@/lib/auth/org-action";
import { readMcpServerForm } from "@/lib/mcp/mcp-forms";
import { createMcpServer, deleteMcpServer } from "@/lib/mcp/server-service";
import { describeSync } from "@/lib/mcp/server-view";
import type { FormState } from "@/lib/schemas/form";
import { mcpServerInputSchema } from "@/lib/schemas/mcp";

const serverId = z.object({ serverId: z.string().min(1).max(64) });

/** Credentials typed into a form are never echoed back into the page. */
const CREDENTIAL_FIELDS = ["bearerToken", "headerName", "headerValue"];

/**
 * Registers a server and lists its tools at once. A listing that fails still registers the server
 * (its page shows the error and lists again), so the answer is a success carrying the upstream's error.
 */
export async function registerServerAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runOrgAction(formData, { permission: "mcp:write", schema: mcpServerInputSchema, readForm: readMcpServerForm }, async (db, ctx, input) => {
    const { server, summary, error } = await createMcpServer(db, ctx, input);
    // The layout too: the navigation counts tools waiting for review.
    revalidatePath(`/${ctx.org.slug}`, "layout");
    return { ok: true, data: { name: server.name, serverId: server.id, ...(summary ? { listed: describeSync(summary) } : { listingError: error ?? "The listing failed." }) } };
  });
  for (const field of CREDENTIAL_FIELDS) delete result.values?.[field];
  return result;
}

export async function removeServerAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "mcp:write", schema: serverId }, async (db, ctx, input) => {
    await deleteMcpServer(db, ctx, input.serverId);
    revalidatePath(`/${ctx.org.slug}`, "layout");
  });
}
