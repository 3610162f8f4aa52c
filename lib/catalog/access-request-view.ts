import { utcMinute } from "@/lib/format/time";
import type { AccessRequestView } from "./approval-service";
import { type ScopeDefault, personName, scopeDefault } from "./catalog-view";
import { describeScope } from "./model-approval";

/** An access request as the queue and the Models page show it. */
export type RequestItem = {
  id: string;
  status: "pending" | "approved" | "denied";
  modelName: string;
  requester: string;
  reason: string;
  scopeText: string;
  /** Where the admin's approve form starts: the scope asked for. */
  scope: ScopeDefault;
  age: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
};

export function toRequestItems(requests: AccessRequestView[], keyNames: ReadonlyMap<string, string>, age: (date: Date) => string): RequestItem[] {
  return requests.map((request) => ({
    id: request.id,
    status: request.status,
    modelName: request.model.publicName,
    requester: personName(request.requester),
    reason: request.reason,
    scopeText: describeScope(request, keyNames),
    scope: scopeDefault(request),
    age: age(request.createdAt),
    createdAt: utcMinute(request.createdAt),
    decidedBy: request.decidedBy ? personName(request.decidedBy) : null,
    decidedAt: request.decidedAt ? utcMinute(request.decidedAt) : null,
    note: request.decisionNote,
  }));
}
