"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { FormAction } from "@/lib/schemas/form";
import { ApprovalBadge, ApprovalSummary } from "./approval-state";
import { ModelDecisionForm } from "./model-decision-form";
import { RequestAccessForm } from "./request-access-form";
import type { CatalogItem, ScopeOptions } from "@/lib/catalog/catalog-view";

/**
 * The org catalog with each model's approval: what it is, who decided, what it means for the
 * viewer, and the controls their role allows (request access; decide; unpublish).
 */
export function CatalogList({
  orgSlug,
  models,
  can,
  actions,
  requestOptions,
  decisionOptions,
}: {
  orgSlug: string;
  models: CatalogItem[];
  can: { write: boolean; request: boolean; approve: boolean };
  actions: { unpublish: FormAction; request: FormAction; decide: FormAction };
  requestOptions: ScopeOptions;
  decisionOptions: ScopeOptions;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Catalog ({models.length})</CardTitle>
      </CardHeader>
      <CardContent>
        {models.length === 0 ? (
          <p className="text-sm text-muted-foreground">No models published yet. Apps can only call models listed here.</p>
        ) : (
          <ul className="grid gap-3">
            {models.map((model) => (
              <li key={model.id} data-testid={`model-${model.publicName}`} aria-label={model.publicName} className="grid gap-3 rounded-lg border p-4">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono font-medium">{model.publicName}</span>
                  <Badge variant="outline">{model.kind}</Badge>
                  <ApprovalBadge state={model.approval.state} />
                  <span className="text-sm text-muted-foreground">
                    {model.providerName} · <span className="font-mono text-xs">{model.upstreamModel}</span>
                  </span>
                </div>
                <ApprovalSummary approval={model.approval} />
                <p className="text-sm" data-testid="for-you">
                  {model.forYou}
                </p>
                {model.pendingRequest && (
                  <p className="text-sm text-muted-foreground" data-testid="your-pending-request">
                    Your request for {model.pendingRequest.scopeText} is waiting for an admin (sent {model.pendingRequest.age}).
                  </p>
                )}
                {(can.approve || can.write || (can.request && !model.approvedOrgWide)) && (
                  <div className="grid gap-2 sm:flex sm:flex-wrap sm:items-start">
                    {can.request && !model.approvedOrgWide && (
                      <RequestAccessForm action={actions.request} orgSlug={orgSlug} model={model} options={requestOptions} />
                    )}
                    {can.approve && (
                      <ModelDecisionForm
                        action={actions.decide}
                        orgSlug={orgSlug}
                        model={model}
                        options={decisionOptions}
                        current={model.currentScope}
                        approved={model.approval.state === "approved"}
                      />
                    )}
                    {can.write && (
                      <ActionForm action={actions.unpublish} hidden={{ orgSlug, modelId: model.id }} label={`Unpublish ${model.publicName}`} className="sm:ml-auto">
                        {(_state, pending) => (
                          <Button type="submit" size="sm" variant="ghost" disabled={pending}>
                            Unpublish
                          </Button>
                        )}
                      </ActionForm>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
