import type { Metadata } from "next";
import { DetectorCatalog } from "@/components/policy/detector-catalog";
import { PolicyEditor } from "@/components/policy/policy-editor";
import { PolicyHistory } from "@/components/policy/policy-history";
import { RuleTable } from "@/components/policy/rule-table";
import { TrafficSimulation } from "@/components/policy/traffic-simulation";
import { TryPolicy } from "@/components/policy/try-policy";
import type { PolicyHistoryEntry } from "@/components/policy/types";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { DETECTORS } from "@/lib/inspection";
import { diffPolicies } from "@/lib/policy/policy-diff";
import { currentPolicy, policyHistory } from "@/lib/policy/policy-service";
import { rollbackPolicyAction, savePolicyAction, simulateTrafficAction, tryPolicyAction } from "./actions";

export const metadata: Metadata = { title: "Policy" };

export default async function PolicyPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "policy:read");
  const db = await getDb();
  const [current, history] = await Promise.all([currentPolicy(db, ctx.org.id), policyHistory(db, ctx)]);
  const canWrite = can(ctx.role, "policy:write");
  const entries: PolicyHistoryEntry[] = history.map((version, index) => {
    const previous = history[index + 1];
    return {
      version: version.version,
      message: version.message,
      author: version.author,
      createdAt: version.createdAt.toISOString(),
      diff: previous ? diffPolicies(previous.rules, version.rules) : null,
    };
  });
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Policy</h1>
        <p className="text-sm text-muted-foreground">
          What the gateway does with what inspection finds in prompts, responses and tool calls. Rules run in order.
        </p>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Current policy: version {current.version}</CardTitle>
          <CardDescription>
            <span data-testid="current-policy-message">{current.message}</span>
            {" · "}
            {current.author ?? "system"}
            {current.version > 0 && <> · {current.createdAt.toLocaleString()}</>}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <RuleTable rules={current.rules} />
          {current.customRules.length > 0 && (
            <p className="text-xs text-muted-foreground">
              Custom detectors: <span className="font-mono">{current.customRules.map((rule) => rule.id).join(", ")}</span>
            </p>
          )}
          {!canWrite && <p className="text-sm text-muted-foreground">Only owners and admins can change the policy.</p>}
        </CardContent>
      </Card>

      {canWrite && (
        <Card>
          <CardHeader>
            <CardTitle>Edit policy</CardTitle>
            <CardDescription>Saving creates version {current.version + 1}. If someone saves first, you are told instead of overwriting their change.</CardDescription>
          </CardHeader>
          <CardContent>
            <PolicyEditor
              action={savePolicyAction}
              orgSlug={ctx.org.slug}
              baseVersion={current.version}
              rules={current.rules}
              customRules={current.customRules}
              detectorIds={DETECTORS.map((detector) => detector.id)}
            />
          </CardContent>
        </Card>
      )}

      {canWrite && (
        <Card>
          <CardHeader>
            <CardTitle>Simulate on recent traffic</CardTitle>
            <CardDescription>
              Replays the draft in the editor over the last 500 requests whose prompts were stored, and lists the decisions it would change.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <TrafficSimulation action={simulateTrafficAction} orgSlug={ctx.org.slug} />
          </CardContent>
        </Card>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Try it</CardTitle>
          <CardDescription>Paste a prompt to see what inspection finds and what the policy decides.</CardDescription>
        </CardHeader>
        <CardContent>
          <TryPolicy action={tryPolicyAction} orgSlug={ctx.org.slug} canSimulateDraft={canWrite} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>History</CardTitle>
          <CardDescription>Every saved version, newest first. Rolling back saves an old version again, so history only grows.</CardDescription>
        </CardHeader>
        <CardContent>
          <PolicyHistory entries={entries} currentVersion={current.version} orgSlug={ctx.org.slug} canWrite={canWrite} rollbackAction={rollbackPolicyAction} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Detector catalog</CardTitle>
          <CardDescription>Built-in detectors a rule can name by id (a trailing * matches a prefix) or select by category.</CardDescription>
        </CardHeader>
        <CardContent>
          <DetectorCatalog detectors={DETECTORS} />
        </CardContent>
      </Card>
    </div>
  );
}
