"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runOrgAction } from "@/lib/auth/org-action";
import { decideModel, requestModelAccess } from "@/lib/catalog/approval-service";
import { publishModel, unpublishModel } from "@/lib/catalog/catalog-service";
import type { FormState } from "@/lib/schemas/form";
import { catalogModelInputSchema } from "@/lib/schemas/gateway-admin";
import { accessRequestInputSchema, modelDecisionInputSchema, readScopeForm } from "@/lib/schemas/model-approval";

export async function publishModelAction(_previous: FormState, formData: FormData): Promise<FormState> {
  // An unchecked checkbox sends nothing, so "absent" must mean false here, not the schema's default.
  const readForm = (form: FormData) => ({ ...Object.fromEntries(form), approveForAllKeys: form.get("approveForAllKeys") === "on" });
  return runOrgAction(formData, { permission: "model:write", schema: catalogModelInputSchema, readForm }, async (db, ctx, input) => {
    const model = await publishModel(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}`, "layout");
    return { ok: true, data: { publicName: model.publicName } };
  });
}

export async function unpublishModelAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "model:write", schema: z.object({ modelId: z.string().min(1).max(64) }) }, async (db, ctx, input) => {
    await unpublishModel(db, ctx, input.modelId);
    revalidatePath(`/${ctx.org.slug}`, "layout");
  });
}

export async function requestAccessAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const readForm = (form: FormData) => ({ modelId: form.get("modelId"), reason: form.get("reason"), ...readScopeForm(form) });
  return runOrgAction(formData, { permission: "model:request", schema: accessRequestInputSchema, readForm }, async (db, ctx, input) => {
    await requestModelAccess(db, ctx, input);
    // The layout too: admins' navigation counts pending requests.
    revalidatePath(`/${ctx.org.slug}`, "layout");
  });
}

export async function decideModelAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const readForm = (form: FormData) => ({ modelId: form.get("modelId"), decision: form.get("decision"), note: form.get("note") ?? undefined, ...readScopeForm(form) });
  return runOrgAction(formData, { permission: "model:approve", schema: modelDecisionInputSchema, readForm }, async (db, ctx, input) => {
    await decideModel(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}`, "layout");
  });
}
