import type { Metadata } from "next";
import Link from "next/link";
import { CreateOrgForm } from "@/components/orgs/create-org-form";
import { ProductMark } from "@/components/dashboard/product-mark";
import { requireUser } from "@/lib/auth/session";
import { createOrgAction } from "./actions";

export const metadata: Metadata = { title: "New org" };

export default async function NewOrgPage() {
  await requireUser("/orgs/new");
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 bg-muted/40 p-6">
      <ProductMark />
      <div className="w-full max-w-md">
        <CreateOrgForm action={createOrgAction} />
      </div>
      <Link href="/" className="text-sm text-muted-foreground underline">
        Back to the dashboard
      </Link>
    </main>
  );
}
