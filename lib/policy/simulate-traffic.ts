import type { Db } from "@/lib/db/client";
import { compilePolicy, inspectAndDecide } from "@/lib/gateway/policy-stage";
import type { CustomRule } from "@/lib/inspection/types";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { ChatMessage } from "@/lib/providers/types";
import type { PolicyRule } from "./policy-schema";
import { assertPolicyRunnable } from "./policy-service";

export type TrafficSimulation = {
  /** Recent requests whose prompt the org stored, and so could be replayed. */
  examined: number;
  changed: { requestId: string; createdAt: Date; model: string | null; before: string; after: string; rules: string[] }[];
};

/**
 * Replays a draft policy over the org's recent requests whose prompts were stored (prompt storage
 * "full"), and reports the ones whose input decision would change. Nothing is sent anywhere and
 * nothing is stored; the prompts never leave the server, only request ids and decisions do.
 */
export async function simulateOnRecentTraffic(
  db: Db,
  ctx: OrgContext,
  draft: { rules: PolicyRule[]; customRules: CustomRule[] },
  limit = 500,
): Promise<TrafficSimulation> {
  assertCan(ctx, "policy:write");
  assertPolicyRunnable(draft.rules, draft.customRules);
  const policy = compilePolicy({ version: 0, rules: draft.rules, customRules: draft.customRules, message: "draft", author: null, createdAt: new Date() });
  const rows = await db.gatewayRequest.findMany({
    where: { orgId: ctx.org.id, promptText: { not: null }, endpoint: "chat.completions" },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { requestId: true, createdAt: true, requestedModel: true, apiKeyId: true, decision: true, promptText: true },
  });
  const changed: TrafficSimulation["changed"] = [];
  for (const row of rows) {
    let messages: ChatMessage[];
    try {
      messages = JSON.parse(row.promptText!) as ChatMessage[];
    } catch {
      continue; // not a stored message list
    }
    const { decision } = inspectAndDecide(policy, Array.isArray(messages) ? messages : [], {
      direction: "input",
      model: row.requestedModel ?? undefined,
      keyId: row.apiKeyId ?? undefined,
    });
    if (decision.action !== row.decision) {
      changed.push({ requestId: row.requestId, createdAt: row.createdAt, model: row.requestedModel, before: row.decision, after: decision.action, rules: decision.matchedRules });
    }
  }
  return { examined: rows.length, changed };
}
