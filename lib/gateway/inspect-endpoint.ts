import { z } from "zod";
import type { ChatMessage } from "@/lib/providers/types";
import { recordOutcome } from "./audit-row";
import { orgSnapshot } from "./gateway-cache";
import { errorResponse, invalidRequest } from "./gateway-error";
import { asGatewayError, identify } from "./pipeline";
import { inspectAndDecide } from "./policy-stage";
import { keyFacts, type Principal } from "./principal";
import { readJsonObject } from "./read-body";
import { metadataHeaders, metadataObject, newRequestContext } from "./request-context";
import { chatMessage } from "./request-schemas";

const inspectBody = z.object({
  // Messages as chat completions take them, so what is inspected here has the shape the policy engine reads there.
  input: z.union([z.string(), z.array(z.string()), z.array(chatMessage)]),
  model: z.string().optional(),
});

/**
 * POST /v1/inspect: runs the key's org policy over `input` (a string, strings, or chat messages,
 * as OpenAI's moderation endpoint takes it) without calling any model, and says what it found and
 * what would happen. Findings carry positions, never the matched text.
 */
export async function inspectHandler(request: Request, authenticate: () => Promise<Principal>): Promise<Response> {
  const ctx = newRequestContext("inspect");
  try {
    const principal = await authenticate();
    identify(ctx, principal);
    const parsed = inspectBody.safeParse(await readJsonObject(request));
    if (!parsed.success) throw invalidRequest("input must be a string, an array of strings, or an array of chat messages.", "invalid_value", "input");
    const { input, model } = parsed.data;
    const messages: ChatMessage[] =
      typeof input === "string"
        ? [{ role: "user", content: input }]
        : input.map((item) => (typeof item === "string" ? { role: "user" as const, content: item } : (item as ChatMessage)));
    const snapshot = await orgSnapshot(principal.orgId);
    const { decision, findings } = inspectAndDecide(snapshot.policy, messages, {
      direction: "input",
      model,
      ...keyFacts(principal),
    });
    ctx.decision = decision;
    ctx.requestedModel = model;
    await recordOutcome(ctx, { status: 200, outcome: "ok" });
    const headers = metadataHeaders(ctx);
    return Response.json(
      {
        findings: findings.map((finding) => ({
          rule_id: finding.ruleId,
          category: finding.category,
          severity: finding.severity,
          confidence: finding.confidence,
          segment: finding.segment,
          start: finding.start,
          end: finding.end,
        })),
        decision: { action: decision.action, policy_version: decision.policyVersion, matched_rules: decision.matchedRules, monitored_rules: decision.monitoredRules },
        gateway: metadataObject(ctx),
      },
      { headers },
    );
  } catch (caught) {
    const error = asGatewayError(caught, request, ctx);
    await recordOutcome(ctx, { status: error.status, outcome: "error", errorCode: error.code, errorMessage: error.message });
    return errorResponse(error, metadataHeaders(ctx));
  }
}
