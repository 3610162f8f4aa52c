"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runOrgAction } from "@/lib/auth/org-action";
import { readKeyForm, readKeyLimitsForm } from "@/lib/keys/key-form";
import { createApiKey, revokeApiKey, updateApiKeyLimits } from "@/lib/keys/key-service";
import type { FormState } from "@/lib/schemas/form";
import { apiKeyInputSchema } from "@/lib/schemas/gateway-admin";
import { keyLimitsSchema } from "@/lib/schemas/limits";

export async function createKeyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "key:write", schema: apiKeyInputSchema, readForm: readKeyForm }, async (db, ctx, input) => {
    const { apiKey, key } = await createApiKey(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}/keys`);
    return { ok: true, data: { key, name: apiKey.name } };
  });
}

const editKeySchema = keyLimitsSchema.extend({ apiKeyId: z.string().min(1).max(64) });

export async function updateKeyLimitsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const readForm = (data: FormData) => ({ ...readKeyLimitsForm(data), apiKeyId: data.get("apiKeyId") });
  return runOrgAction(formData, { permission: "key:write", schema: editKeySchema, readForm }, async (db, ctx, { apiKeyId, ...input }) => {
    await updateApiKeyLimits(db, ctx, apiKeyId, input);
    revalidatePath(`/${ctx.org.slug}/keys`);
  });
}

export async function revokeKeyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "key:write", schema: z.object({ apiKeyId: z.string().min(1).max(64) }) }, async (db, ctx, input) => {
    await revokeApiKey(db, ctx, input.apiKeyId);
    revalidatePath(`/${ctx.org.slug}/keys`);
  });
}
