import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-muted-foreground">
        This page does not exist, or it belongs to an org you are not a member of.
      </p>
      <Button asChild variant="outline">
        <Link href="/">Go to your dashboard</Link>
      </Button>
    </main>
  );
}
