import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function OrgNotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-semibold">Org not found</h1>
      <p className="text-muted-foreground">
        There is no org at this address, or you are not a member of it. Ask one of its admins for an invite.
      </p>
      <Button asChild variant="outline">
        <Link href="/">Go to your orgs</Link>
      </Button>
    </main>
  );
}
