"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FormAction } from "@/lib/schemas/form";

export function SignUpForm({
  action,
  callbackUrl,
}: {
  action: FormAction;
  callbackUrl: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Create your account</CardTitle>
        <CardDescription>You get your own org and can invite your team next.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {state.message && <Alert variant="destructive">{state.message}</Alert>}
        <form action={formAction} className="grid gap-4" noValidate>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <Field id="name" label="Name" errors={state.fieldErrors?.name}>
            {(control) => <Input {...control} name="name" autoComplete="name" defaultValue={state.values?.name} />}
          </Field>
          <Field id="email" label="Work email" errors={state.fieldErrors?.email}>
            {(control) => (
              <Input {...control} name="email" type="email" autoComplete="email" defaultValue={state.values?.email} required />
            )}
          </Field>
          <Field
            id="password"
            label="Password"
            hint="At least 12 characters; a passphrase works well."
            errors={state.fieldErrors?.password}
          >
            {(control) => <Input {...control} name="password" type="password" autoComplete="new-password" required />}
          </Field>
          <Button type="submit" disabled={pending}>
            {pending ? "Creating your account…" : "Create account"}
          </Button>
        </form>
      </CardContent>
      <CardFooter className="text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link className="text-foreground underline" href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
          Sign in
        </Link>
      </CardFooter>
    </Card>
  );
}
