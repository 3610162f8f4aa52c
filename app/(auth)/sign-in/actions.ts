"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { safeReturnPath } from "@/lib/http/safe-return-path";
import type { FormState } from "@/lib/schemas/form";
import { fieldErrorsOf, formValues } from "@/lib/schemas/form";
import { signInSchema } from "@/lib/schemas/user";

export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["password"]);
  const parsed = signInSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  try {
    await signIn("credentials", {
      ...parsed.data,
      redirectTo: safeReturnPath(formData.get("callbackUrl")),
    });
    return { ok: true };
  } catch (error) {
    // signIn redirects by throwing; only Auth.js's own errors are failures to report here.
    if (!(error instanceof AuthError)) throw error;
    if (error.type === "CredentialsSignin" && (error as AuthError & { code?: string }).code === "rate_limited") {
      return { message: "Too many failed sign-in attempts. Wait a few minutes and try again.", values };
    }
    if (error.type === "CredentialsSignin") return { message: "Wrong email or password.", values };
    return { message: "Sign-in failed. Try again.", values };
  }
}

export async function oauthSignInAction(formData: FormData) {
  await signIn(String(formData.get("provider")), { redirectTo: safeReturnPath(formData.get("callbackUrl")) });
}
