"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FormAction } from "@/lib/schemas/form";

export function SignInForm({
  action,
  oauthAction,
  providers,
  callbackUrl,
  initialMessage,
}: {
  action: FormAction;
  oauthAction: (formData: FormData) => Promise<void>;
  providers: { id: string; name: string }[];
  callbackUrl: string;
  initialMessage?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { message: initialMessage });
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Sign in</CardTitle>
        <CardDescription>Welcome back. Sign in to manage your gateway.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {state.message && <Alert variant="destructive">{state.message}</Alert>}
        <form action={formAction} className="grid gap-4" noValidate>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <Field id="email" label="Email" errors={state.fieldErrors?.email}>
            {(control) => (
              <Input {...control} name="email" type="email" autoComplete="email" defaultValue={state.values?.email} required />
            )}
          </Field>
          <Field id="password" label="Password" errors={state.fieldErrors?.password}>
            {(control) => <Input {...control} name="password" type="password" autoComplete="current-password" required />}
          </Field>
          <Button type="submit" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
        {providers.length > 0 && (
          <div className="grid gap-2">
            <p className="text-center text-xs text-muted-foreground">or continue with</p>
            {providers.map((provider) => (
              <form key={provider.id} action={oauthAction}>
                <input type="hidden" name="provider" value={provider.id} />
                <input type="hidden" name="callbackUrl" value={callbackUrl} />
                <Button type="submit" variant="outline" className="w-full">
                  {provider.name}
                </Button>
              </form>
            ))}
          </div>
        )}
      </CardContent>
      <CardFooter className="text-sm text-muted-foreground">
        New here?{" "}
        <Link className="text-foreground underline" href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
          Create an account
        </Link>
      </CardFooter>
    </Card>
  );
}
