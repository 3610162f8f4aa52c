"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runOrgAction } from "@/lib/auth/org-action";
import { publishModel, unpublishModel } from "@/lib/catalog/catalog-service";
import type { FormState } from "@/lib/schemas/form";
import { catalogModelInputSchema } from "@/lib/schemas/gateway-admin";

export async function publishModelAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "model:write", schema: catalogModelInputSchema }, async (db, ctx, input) => {
    const model = await publishModel(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}/models`);
    return { ok: true, data: { publicName: model.publicName } };
  });
}

export async function unpublishModelAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "model:write", schema: z.object({ modelId: z.string().min(1).max(64) }) }, async (db, ctx, input) => {
    await unpublishModel(db, ctx, input.modelId);
    revalidatePath(`/${ctx.org.slug}/models`);
  });
}
