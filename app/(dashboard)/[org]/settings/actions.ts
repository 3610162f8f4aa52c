"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runOrgAction } from "@/lib/auth/org-action";
import { leaveOrg } from "@/lib/orgs/member-service";
import { setOrgQuotas } from "@/lib/orgs/org-quotas";
import { renameOrg, setAuditRetention, setPromptStorage } from "@/lib/orgs/org-service";
import type { FormState } from "@/lib/schemas/form";
import { orgQuotasSchema } from "@/lib/schemas/limits";
import { auditRetentionSchema, promptStorageSchema, renameOrgSchema } from "@/lib/schemas/org";

export async function renameOrgAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "org:update", schema: renameOrgSchema }, async (db, ctx, input) => {
    await renameOrg(db, ctx, input.name);
    revalidatePath(`/${ctx.org.slug}`, "layout");
  });
}

export async function leaveOrgAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const result = await runOrgAction(formData, { permission: "org:read", schema: z.object({}) }, async (db, ctx) => {
    await leaveOrg(db, ctx);
  });
  if (result.ok) redirect("/");
  return result;
}

export async function promptStorageAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "org:update", schema: promptStorageSchema }, async (db, ctx, input) => {
    await setPromptStorage(db, ctx, input.promptStorage);
    revalidatePath(`/${ctx.org.slug}/settings`);
  });
}

export async function orgQuotasAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "org:update", schema: orgQuotasSchema }, async (db, ctx, input) => {
    await setOrgQuotas(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}/settings`);
  });
}

export async function auditRetentionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "org:update", schema: auditRetentionSchema }, async (db, ctx, input) => {
    await setAuditRetention(db, ctx, input.auditRetentionDays);
    revalidatePath(`/${ctx.org.slug}/settings`);
  });
}
