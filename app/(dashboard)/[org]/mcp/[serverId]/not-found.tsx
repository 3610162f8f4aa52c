"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { Button } from "@/components/ui/button";

export default function McpServerNotFound() {
  const { org } = useParams<{ org: string }>();
  return (
    <div className="grid justify-items-start gap-4">
      <h1 className="text-2xl font-semibold">MCP server not found</h1>
      <p className="text-muted-foreground">It may have been removed, or the address is wrong.</p>
      <Button asChild variant="outline">
        <Link href={`/${org}/mcp`}>Back to MCP servers</Link>
      </Button>
    </div>
  );
}
