"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/auth";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { safeReturnPath } from "@/lib/http/safe-return-path";
import { type FormState, fieldErrorsOf, formValues } from "@/lib/schemas/form";
import { signUpSchema } from "@/lib/schemas/user";
import { signUp } from "@/lib/users/sign-up";

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["password"]);
  const parsed = signUpSchema.safeParse({
    name: formData.get("name") ?? undefined,
    email: formData.get("email"),
    password: formData.get("password"),
  });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  let orgSlug: string;
  try {
    ({ org: { slug: orgSlug } } = await signUp(await getDb(), parsed.data));
  } catch (error) {
    if (error instanceof AppError) return { message: error.message, fieldErrors: error.fieldErrors, values };
    throw error;
  }
  // Someone who signed up from an invite link goes back to it; everyone else to their new org.
  const returnTo = safeReturnPath(formData.get("callbackUrl"), `/${orgSlug}`);
  await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
  redirect(returnTo === "/" ? `/${orgSlug}` : returnTo);
}
