import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { ToolCallApprovalItem } from "@/lib/reviews/tool-call-approvals";
import type { FormAction } from "@/lib/schemas/form";
import { ToolCallApprovalCard } from "./tool-call-approval-card";

/** The review queue's section for MCP tool calls held for approval, with the latest decided below. */
export function ToolCallApprovals({ waiting, recent, orgSlug, decide }: { waiting: ToolCallApprovalItem[]; recent: ToolCallApprovalItem[]; orgSlug: string; decide?: FormAction }) {
  return (
    <Card aria-label="Tool calls awaiting approval">
      <CardHeader>
        <CardTitle>Tool calls awaiting approval ({waiting.length})</CardTitle>
        <CardDescription>
          Calls to MCP tools that require an operator&apos;s approval, oldest first. An approval lets the same key call the same tool with exactly these arguments
          once.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {waiting.length === 0 ? (
          <p className="text-sm text-muted-foreground">No tool call is waiting for approval.</p>
        ) : (
          <ul aria-label="Waiting tool calls" className="grid gap-3">
            {waiting.map((item) => (
              <li key={item.id}>
                <ToolCallApprovalCard item={item} orgSlug={orgSlug} decide={decide} />
              </li>
            ))}
          </ul>
        )}
        {recent.length > 0 && (
          <section aria-label="Recently decided tool calls" className="grid gap-3">
            <h3 className="text-sm font-medium">Recently decided</h3>
            <ul className="grid gap-3">
              {recent.map((item) => (
                <li key={item.id}>
                  <ToolCallApprovalCard item={item} orgSlug={orgSlug} />
                </li>
              ))}
            </ul>
          </section>
        )}
      </CardContent>
    </Card>
  );
}
