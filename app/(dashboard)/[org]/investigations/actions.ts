"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runOrgAction } from "@/lib/auth/org-action";
import { addRequestToInvestigation } from "@/lib/investigations/add-investigation-item";
import { addInvestigationNote } from "@/lib/investigations/add-investigation-note";
import { createInvestigation } from "@/lib/investigations/create-investigation";
import { updateInvestigation } from "@/lib/investigations/update-investigation";
import type { FormState } from "@/lib/schemas/form";
import { addRequestItemSchema, createInvestigationSchema, investigationNoteSchema, updateInvestigationSchema } from "@/lib/schemas/investigation";

export async function createInvestigationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(formData, { permission: "review:write", schema: createInvestigationSchema }, async (db, ctx, input) => {
    const created = await createInvestigation(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}`, "layout");
    return { ok: true, data: { href: `/${ctx.org.slug}/investigations/${created.id}` } };
  });
  // Outside runOrgAction: a redirect is thrown, and only known errors are caught there.
  if (state.ok && state.data?.href) redirect(state.data.href);
  return state;
}

export async function updateInvestigationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "review:write", schema: updateInvestigationSchema }, async (db, ctx, input) => {
    await updateInvestigation(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}/investigations`, "layout");
  });
}

export async function addRequestItemAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "review:write", schema: addRequestItemSchema }, async (db, ctx, input) => {
    await addRequestToInvestigation(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}/investigations`, "layout");
  });
}

export async function addNoteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "review:write", schema: investigationNoteSchema }, async (db, ctx, input) => {
    await addInvestigationNote(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}/investigations`, "layout");
  });
}
