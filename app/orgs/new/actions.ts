"use server";

import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createOrg } from "@/lib/orgs/org-service";
import { type FormState, fieldErrorsOf, formValues } from "@/lib/schemas/form";
import { createOrgSchema } from "@/lib/schemas/org";

export async function createOrgAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const user = await currentUser();
  if (!user) return { message: "Your session has ended. Sign in again.", values };
  const parsed = createOrgSchema.safeParse({ name: formData.get("name"), slug: formData.get("slug") ?? "" });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  let slug: string;
  try {
    ({ slug } = await createOrg(await getDb(), user.id, parsed.data));
  } catch (error) {
    if (error instanceof AppError) return { message: error.message, fieldErrors: error.fieldErrors, values };
    throw error;
  }
  redirect(`/${slug}`);
}
