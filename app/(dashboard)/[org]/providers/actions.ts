"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runOrgAction } from "@/lib/auth/org-action";
import { createProvider, deleteProvider, testProviderConnection } from "@/lib/providers/provider-service";
import type { FormState } from "@/lib/schemas/form";
import { providerInputSchema } from "@/lib/schemas/gateway-admin";

const providerId = z.object({ providerId: z.string().min(1).max(64) });

export async function addProviderAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runOrgAction(formData, { permission: "provider:write", schema: providerInputSchema }, async (db, ctx, input) => {
    const provider = await createProvider(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}/providers`);
    return { ok: true, data: { name: provider.name } };
  });
  if (result.values) delete result.values.apiKey; // never echo a credential back into the page
  return result;
}

export async function testConnectionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "provider:write", schema: providerId }, async (db, ctx, input) => {
    const result = await testProviderConnection(db, ctx, input.providerId);
    if (!result.ok) return { message: `Connection failed: ${result.message}` };
    return { ok: true, data: { models: result.models.join("\n"), count: String(result.models.length) } };
  });
}

export async function deleteProviderAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "provider:write", schema: providerId }, async (db, ctx, input) => {
    await deleteProvider(db, ctx, input.providerId);
    revalidatePath(`/${ctx.org.slug}/providers`);
  });
}
