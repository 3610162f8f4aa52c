import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { oauthProviderButtons } from "@/lib/auth/oauth-providers";
import { currentUser } from "@/lib/auth/session";
import { safeReturnPath } from "@/lib/http/safe-return-path";
import { oauthSignInAction, signInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

const OAUTH_ERRORS: Record<string, string> = {
  AccessDenied: "That account could not be used to sign in. Its email must be verified by the provider.",
  OAuthAccountNotLinked: "That email is already used by another sign-in method.",
  Configuration: "Single sign-on is not configured correctly. Ask your administrator.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  const returnTo = safeReturnPath(callbackUrl);
  if (await currentUser()) redirect(returnTo);
  return (
    <SignInForm
      action={signInAction}
      oauthAction={oauthSignInAction}
      providers={oauthProviderButtons()}
      callbackUrl={returnTo}
      initialMessage={error ? (OAUTH_ERRORS[error] ?? "Sign-in failed. Try again.") : undefined}
    />
  );
}
