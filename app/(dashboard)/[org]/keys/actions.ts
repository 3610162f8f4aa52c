"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runOrgAction } from "@/lib/auth/org-action";
import { createApiKey, revokeApiKey } from "@/lib/keys/key-service";
import type { FormState } from "@/lib/schemas/form";
import { apiKeyInputSchema } from "@/lib/schemas/gateway-admin";

/** Checkboxes arrive as repeated fields; an empty date field means "never expires". */
function readKeyForm(formData: FormData) {
  return {
    name: formData.get("name"),
    scopes: formData.getAll("scopes"),
    modelAllowlist: formData.getAll("modelAllowlist"),
    expiresAt: formData.get("expiresAt") || undefined,
  };
}

export async function createKeyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "key:write", schema: apiKeyInputSchema, readForm: readKeyForm }, async (db, ctx, input) => {
    const { apiKey, key } = await createApiKey(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}/keys`);
    return { ok: true, data: { key, name: apiKey.name } };
  });
}

export async function revokeKeyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "key:write", schema: z.object({ apiKeyId: z.string().min(1).max(64) }) }, async (db, ctx, input) => {
    await revokeApiKey(db, ctx, input.apiKeyId);
    revalidatePath(`/${ctx.org.slug}/keys`);
  });
}
