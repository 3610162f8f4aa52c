import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DecisionBadge } from "@/components/requests/decision-badge";
import { FindingsTable } from "@/components/requests/findings-table";
import { RoutingAttempts } from "@/components/requests/routing-attempts";
import { StoredPrompt } from "@/components/requests/stored-prompt";
import { StoredText } from "@/components/requests/stored-text";
import { ToolCallFacts } from "@/components/requests/tool-call-facts";
import { BackLink } from "@/components/ui/back-link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { highlight, promptView } from "@/lib/audit/highlight";
import { findRequestRecord } from "@/lib/audit/request-detail";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { utcMinute } from "@/lib/format/time";

export const metadata: Metadata = { title: "Request" };

const ms = (value: number | null) => (value === null ? "—" : `${value} ms`);
const num = (value: number | null) => (value === null ? "—" : String(value));
type Fact = [string, React.ReactNode];

export default async function RequestPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org: slug, id } = await params;
  const { ctx } = await requireOrgPage(slug, "audit:read");
  const db = await getDb();
  const record = await findRequestRecord(db, ctx.org.id, decodeURIComponent(id));
  if (!record) notFound();
  // An MCP tool call's row has a tool name: it has arguments and a result instead of a prompt and
  // an answer, and no model, tokens or routing.
  const toolName = record.toolName;
  const modelFacts: Fact[] = [
    ["Requested model", record.requestedModel ?? "—"],
    ["Served model", record.servedModel ?? "—"],
    ["Provider", record.providerName ?? "—"],
    ["Streamed", record.stream ? "yes" : "no"],
  ];
  const tokenFacts: Fact[] = [
    ["Time to first token", ms(record.ttftMs)],
    ["Tokens", `${num(record.promptTokens)} prompt + ${num(record.completionTokens)} answer = ${num(record.totalTokens)}`],
  ];
  const facts: Fact[] = [
    ["Time", `${record.createdAt.toISOString().replace("T", " ").slice(0, 23)} UTC`],
    ["Endpoint", record.endpoint],
    ["API key", record.apiKey ? `${record.apiKey.name} (${record.apiKey.prefix}…)` : record.apiKeyId ?? "—"],
    ["User", record.user?.email ?? "—"],
    ["Workload", record.workload ?? "—"],
    ...(toolName !== null ? [["Tool", <span className="font-mono">{toolName}</span>] satisfies Fact] : modelFacts),
    ["Status", `${record.status} (${record.outcome})`],
    ["Latency", ms(record.latencyMs)],
    ...(toolName !== null ? [] : tokenFacts),
    ["Error", record.errorCode ? `${record.errorCode}: ${record.errorMessage ?? ""}` : "—"],
  ];
  const outputFindings = record.findings.filter((f) => f.direction === (toolName !== null ? "tool_result" : "output"));
  const argumentFindings = record.findings.filter((f) => f.direction === "tool_arguments");
  return (
    <div className="grid gap-6">
      <div>
        <BackLink href={`/${ctx.org.slug}/requests`}>Requests</BackLink>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold">
          <span className="font-mono text-xl">{record.requestId}</span> <DecisionBadge decision={record.decision} />
          {toolName !== null && <Badge variant="outline">tool call</Badge>}
        </h1>
        <p className="text-sm text-muted-foreground">{utcMinute(record.createdAt)}</p>
      </div>
      <Card aria-label="Decision">
        <CardHeader>
          <CardTitle>Decision</CardTitle>
          <CardDescription>Policy version {record.policyVersion ?? "—"}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
            <dt className="text-muted-foreground">Decision</dt>
            <dd data-testid="record-decision">{record.decision}</dd>
            <dt className="text-muted-foreground">Rules matched</dt>
            <dd data-testid="record-rules">{record.matchedRules.length ? record.matchedRules.join(", ") : "none"}</dd>
          </dl>
          <FindingsTable findings={record.findings} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Request</CardTitle>
        </CardHeader>
        <CardContent>
          <dl aria-label="Request facts" className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-muted-foreground">{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      {toolName !== null && (
        <Card aria-label="Tool call">
          <CardHeader>
            <CardTitle>Tool call</CardTitle>
            <CardDescription>An MCP tool called through the gateway&apos;s /mcp endpoint.</CardDescription>
          </CardHeader>
          <CardContent>
            <ToolCallFacts toolName={toolName} record={record.toolCall} reviewsHref={`/${ctx.org.slug}/reviews`} />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardHeader>
          <CardTitle>{toolName !== null ? "Arguments" : "Prompt"}</CardTitle>
          <CardDescription>As stored under the org&apos;s prompt storage setting; findings are marked.</CardDescription>
        </CardHeader>
        <CardContent>
          {record.promptText === null ? (
            <p className="text-sm text-muted-foreground">
              {toolName !== null
                ? "Not stored: the org keeps metadata only (or the call ended before its arguments were read)."
                : "Not stored: the org keeps metadata only (or the request ended before its prompt was read)."}
            </p>
          ) : toolName !== null ? (
            <StoredText label="Stored arguments" pieces={highlight(record.promptText, argumentFindings)} />
          ) : (
            <StoredPrompt view={promptView(record.promptText, record.findings)} />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{toolName !== null ? "Result" : "Answer"}</CardTitle>
        </CardHeader>
        <CardContent>
          {record.responseText === null ? (
            <p className="text-sm text-muted-foreground">Not stored.</p>
          ) : (
            <StoredText label={toolName !== null ? "Stored result" : "Stored answer"} pieces={highlight(record.responseText, outputFindings)} />
          )}
        </CardContent>
      </Card>
      {toolName === null && (
        <Card>
          <CardHeader>
            <CardTitle>Routing</CardTitle>
          </CardHeader>
          <CardContent>
            <RoutingAttempts routing={record.routing} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
