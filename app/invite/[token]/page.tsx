import type { Metadata } from "next";
import Link from "next/link";
import { ProductMark } from "@/components/dashboard/product-mark";
import { AcceptInviteForm } from "@/components/orgs/accept-invite-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { ROLE_LABELS } from "@/lib/auth/rbac";
import { currentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { findInviteByToken, inviteStatus, inviteStatusMessage } from "@/lib/orgs/invite-service";
import { acceptInviteAction } from "./actions";

export const metadata: Metadata = { title: "Invite" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invite, user] = await Promise.all([findInviteByToken(await getDb(), token), currentUser()]);
  const returnTo = encodeURIComponent(`/invite/${token}`);
  const problem = !invite
    ? "This invite link is not valid. Check that you copied all of it."
    : inviteStatusMessage(inviteStatus(invite));
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 bg-muted/40 p-6">
      <ProductMark />
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardTitle as="h1">{invite ? `Join ${invite.org.name}` : "Invite"}</CardTitle>
          {invite && (
            <CardDescription>
              {invite.invitedBy.name ?? invite.invitedBy.email} invited {invite.email} to join as{" "}
              {ROLE_LABELS[invite.role]}.
            </CardDescription>
          )}
        </CardHeader>
        <CardContent className="grid gap-4">
          {problem ? (
            <Alert variant="destructive">{problem}</Alert>
          ) : user ? (
            <AcceptInviteForm action={acceptInviteAction} token={token} signedInAs={user.email} />
          ) : (
            <div className="grid gap-2">
              <p className="text-sm text-muted-foreground">Sign in or create an account with {invite!.email} to accept.</p>
              <Button asChild>
                <Link href={`/sign-up?callbackUrl=${returnTo}`}>Create an account</Link>
              </Button>
              <Button asChild variant="outline">
                <Link href={`/sign-in?callbackUrl=${returnTo}`}>Sign in</Link>
              </Button>
            </div>
          )}
        </CardContent>
        {user && (
          <CardFooter className="text-xs text-muted-foreground">Signed in as {user.email}.</CardFooter>
        )}
      </Card>
    </main>
  );
}
