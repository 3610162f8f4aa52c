"use server";

import { revalidatePath } from "next/cache";
import { runOrgAction } from "@/lib/auth/org-action";
import { decideAccessRequest } from "@/lib/catalog/approval-service";
import type { FormState } from "@/lib/schemas/form";
import { readScopeForm, requestDecisionInputSchema } from "@/lib/schemas/model-approval";

export async function decideRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const readForm = (form: FormData) => ({ requestId: form.get("requestId"), decision: form.get("decision"), note: form.get("note") ?? undefined, ...readScopeForm(form) });
  return runOrgAction(formData, { permission: "model:approve", schema: requestDecisionInputSchema, readForm }, async (db, ctx, input) => {
    await decideAccessRequest(db, ctx, input);
    // The whole org layout: the navigation's pending count changes.
    revalidatePath(`/${ctx.org.slug}`, "layout");
  });
}
