import { expect, it } from "vitest";
import { flushAudit, pendingAuditRows, recordRequest } from "@/lib/audit/audit-writer";
import { getDb } from "@/lib/db/client";
import { signedUpOwner } from "./factories";

it("probe", async () => {
  const { ctx } = await signedUpOwner("probe");
  await flushAudit(); // empty buffer
  const row = { requestId: "req_probe_" + Date.now(), orgId: ctx.org.id, endpoint: "chat.completions", stream: false, status: 200, outcome: "ok", decision: "allow", matchedRules: [], latencyMs: 1 } as never;
  await recordRequest(row);
  await flushAudit();
  console.log("pending after flush", pendingAuditRows());
  const found = await (await getDb()).gatewayRequest.findFirst({ where: { orgId: ctx.org.id } });
  console.log("found", !!found);
});
