"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { Button } from "@/components/ui/button";

export default function RouteNotFound() {
  const { org } = useParams<{ org: string }>();
  return (
    <div className="grid justify-items-start gap-4">
      <h1 className="text-2xl font-semibold">Route not found</h1>
      <p className="text-muted-foreground">It may have been deleted, or the address is wrong.</p>
      <Button asChild variant="outline">
        <Link href={`/${org}/routes`}>Back to routes</Link>
      </Button>
    </div>
  );
}
