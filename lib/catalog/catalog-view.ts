import { utcMinute } from "@/lib/format/time";
import type { AccessRequestView } from "./approval-service";
import type { CatalogModelView } from "./catalog-service";
import { type KeyFacts, type ModelApproval, approvedOrgWide, describeScope, isOrgWide, keyMayUse } from "./model-approval";

/**
 * What the Models and Approvals pages hand their components: plain, serialisable data with
 * times formatted on the server, built by pure functions from service results.
 */

export type ApprovalStateName = ModelApproval["state"];

export type ApprovalView = {
  state: ApprovalStateName;
  /** "every key", or the tags and keys it is limited to. */
  scopeText: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
};

export type ScopeKey = { id: string; name: string; tags: string[] };

/** Keys one may name in a scope, and tags in use as hints. */
export type ScopeOptions = { keys: ScopeKey[]; tagsInUse: string[] };

export type ScopeDefault = { scope: "org" | "limited"; keyIds: string[]; keyTags: string[] };

export type CatalogItem = {
  id: string;
  publicName: string;
  kind: "chat" | "embedding";
  upstreamModel: string;
  providerName: string;
  approval: ApprovalView;
  /** Approved for every key: nothing left to ask for. */
  approvedOrgWide: boolean;
  /** One sentence on what it means for the viewer: the org's keys, their own keys, the playground. */
  forYou: string;
  /** The viewer's own pending request, if any. */
  pendingRequest: { age: string; scopeText: string } | null;
  /** Where an admin's decision form starts: the model's current scope. */
  currentScope: ScopeDefault;
};

export type Viewer = {
  /** Live keys the viewer created, with what the rule reads. */
  ownKeys: (KeyFacts & { name: string })[];
  /** Key names the viewer may see, by id. */
  keyNames: ReadonlyMap<string, string>;
  /** The viewer's own pending requests. */
  pendingRequests: AccessRequestView[];
  age: (date: Date) => string;
};

export const personName = (person: { name: string | null; email: string }) => person.name ?? person.email;

export function scopeDefault(scope: { keyIds: readonly string[]; keyTags: readonly string[] }): ScopeDefault {
  return { scope: isOrgWide(scope) ? "org" : "limited", keyIds: [...scope.keyIds], keyTags: [...scope.keyTags] };
}

export function toCatalogItems(models: CatalogModelView[], viewer: Viewer): CatalogItem[] {
  return models.map((model) => {
    const pending = viewer.pendingRequests.find((request) => request.model.id === model.id);
    return {
      id: model.id,
      publicName: model.publicName,
      kind: model.kind,
      upstreamModel: model.upstreamModel,
      providerName: model.provider.name,
      approval: {
        state: model.approval.state,
        scopeText: describeScope(model.approval, viewer.keyNames),
        decidedBy: model.decidedBy ? personName(model.decidedBy) : null,
        decidedAt: model.decidedAt ? utcMinute(model.decidedAt) : null,
        note: model.decisionNote,
      },
      approvedOrgWide: approvedOrgWide(model.approval),
      forYou: forYou(model, viewer),
      pendingRequest: pending ? { age: viewer.age(pending.createdAt), scopeText: describeScope(pending, viewer.keyNames) } : null,
      currentScope: model.approval.state === "approved" ? scopeDefault(model.approval) : scopeDefault({ keyIds: [], keyTags: [] }),
    };
  });
}

function forYou(model: CatalogModelView, viewer: Viewer): string {
  const { state } = model.approval;
  if (state === "denied") return "Denied: no key may use it.";
  if (state === "unreviewed") return "Not reviewed yet: no key may use it until an admin approves it.";
  const whole = approvedOrgWide(model.approval);
  const usable = viewer.ownKeys.filter((key) => keyMayUse(model, key)).map((key) => key.name);
  const yours = viewer.ownKeys.length ? ` Your keys that may use it: ${usable.length ? usable.join(", ") : "none"}.` : "";
  return whole
    ? `Every key of the org may use it, and you may try it in the playground.${yours}`
    : `Only the keys it is approved for may use it; the playground may not.${yours}`;
}
