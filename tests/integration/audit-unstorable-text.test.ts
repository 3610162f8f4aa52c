/**
 * Audit rows carry callers' text (model names, echoed answers, tool names), and some text cannot
 * be stored by PostgreSQL: a NUL, or half of a surrogate pair. Found by the hostile-input fuzzing
 * (fuzz-hostile-input.test.ts): such a row failed its org's batch, a failed batch stays buffered
 * and is retried, so every later row of that org waited behind it for good (and a full buffer
 * refuses every org's requests). Such text is now stored as U+FFFD, and hashed as stored.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { flushAudit, pendingAuditRows } from "@/lib/audit/audit-writer";
import { verifyAuditChain } from "@/lib/audit/chain/verify-chain";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { setPromptStorage } from "@/lib/orgs/org-service";
import { createProvider } from "@/lib/providers/provider-service";
import { signedUpOwner } from "./factories";

vi.hoisted(() => {
  delete process.env.AUDIT_SYNC; // the buffered writer is the one a poisoned row used to wedge
});

let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let ctx: OrgContext;
let key: string;

beforeAll(async () => {
  gateway = await startGatewayServer();
  ctx = (await signedUpOwner("unstorable")).ctx;
  const db = await getDb();
  await setPromptStorage(db, ctx, "full");
  const echo = await createProvider(db, ctx, { name: "Echo", kind: "echo" });
  await publishModel(db, ctx, { publicName: "echo", providerId: echo.id, upstreamModel: "echo-1", kind: "chat" });
  key = (await createApiKey(db, ctx, { name: "app", scopes: ["gateway"], modelAllowlist: [] })).key;
});

afterAll(async () => {
  await gateway?.close();
});

async function chat(model: string, content: string): Promise<{ status: number; requestId: string }> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content }] }),
  });
  await response.body?.cancel();
  return { status: response.status, requestId: response.headers.get("x-request-id")! };
}

describe("audit rows with text PostgreSQL cannot store", () => {
  it("are written with U+FFFD in its place, the rows after them too, and the chain verifies", async () => {
    const nulAnswer = await chat("echo", "before\u0000after"); // echoed into the stored answer as it came
    const halfPair = await chat("echo", "half \uD83D pair");
    const nulModel = await chat("no\u0000such-model", "hi");
    const plain = await chat("echo", "plain");
    expect([nulAnswer.status, halfPair.status, nulModel.status, plain.status]).toEqual([200, 200, 404, 200]);

    await flushAudit();
    expect(pendingAuditRows()).toBe(0);
    const db = await getDb();
    const rows = await db.gatewayRequest.findMany({
      where: { requestId: { in: [nulAnswer, halfPair, nulModel, plain].map((call) => call.requestId) } },
      select: { requestId: true, requestedModel: true, responseText: true },
    });
    const byId = new Map(rows.map((row) => [row.requestId, row]));
    expect(byId.size).toBe(4);
    expect(byId.get(nulAnswer.requestId)!.responseText).toBe("Echo: before\uFFFDafter");
    expect(byId.get(halfPair.requestId)!.responseText).toBe("Echo: half \uFFFD pair");
    expect(byId.get(nulModel.requestId)!.requestedModel).toBe("no\uFFFDsuch-model");
    expect(byId.get(plain.requestId)!.responseText).toBe("Echo: plain");

    const verification = await verifyAuditChain(db, ctx.org.id);
    expect(verification).toMatchObject({ ok: true });
    expect(verification.firstBrokenLink).toBeUndefined();
    expect(verification.checked).toBeGreaterThanOrEqual(4);
  });
});
