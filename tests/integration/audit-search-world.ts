/**
 * A small, fully known audit trail for the search tests: two orgs, rows with every filterable
 * field varied (ties in time and latency included, for keyset pagination), and a reference
 * predicate per filter so each test compares the database's answer with the expected one.
 */
import { getDb } from "@/lib/db/client";
import { seedAuditRows, type SeedRow } from "../fixtures/audit-rows";
import { keyWithTags, memberOf, signedUpOwner } from "./factories";

export const BASE = new Date("2026-11-01T12:00:00.000Z");
const minutes = (n: number) => new Date(BASE.getTime() + n * 60_000);

const WORDS = ["invoice overdue for customer", "deploy the payment service", "summarise the quarterly invoice", "translate this poem", "quarterly results draft"];

export async function buildWorld() {
  const owner = await signedUpOwner("search");
  const other = await signedUpOwner("othersearch");
  const db = await getDb();
  const keyA = await keyWithTags(owner.ctx, "billing-app", []);
  const keyB = await keyWithTags(owner.ctx, "support-bot", []);
  const person = await memberOf(owner.ctx, "member", "playground-user");
  const provider = await db.provider.create({ data: { orgId: owner.ctx.org.id, name: "Prov A", kind: "echo", createdById: owner.ctx.userId }, select: { id: true, name: true } });
  const prefix = `t${Date.now().toString(36)}`;
  const rows: SeedRow[] = [];
  for (let i = 0; i < 40; i++) {
    const blocked = i % 7 === 0;
    rows.push({
      requestId: `${prefix}_req_${String(i).padStart(3, "0")}`,
      // Pairs of rows share a timestamp, so ties must be broken by id.
      createdAt: minutes(Math.floor(i / 2) * 10),
      apiKeyId: i % 5 === 4 ? null : i % 2 === 0 ? keyA.id : keyB.id,
      userId: i % 5 === 4 ? person.user.id : null,
      requestedModel: i % 3 === 0 ? "fast" : "smart",
      servedModel: blocked ? null : i % 3 === 0 ? "gpt-4o-mini" : "claude-3-5",
      providerId: blocked ? null : i % 4 === 0 ? provider.id : null,
      providerName: blocked ? null : i % 4 === 0 ? provider.name : "Other",
      status: blocked ? 403 : i % 11 === 0 ? 502 : 200,
      outcome: blocked ? "blocked" : i % 11 === 0 ? "error" : "ok",
      decision: blocked ? "block" : i % 6 === 1 ? "flag" : i % 6 === 3 ? "redact" : "allow",
      matchedRules: blocked ? ["block-secrets"] : i % 6 === 1 ? ["flag-prompt-injection", "monitor:block-secrets"] : i % 6 === 3 ? ["redact-cards-and-national-ids"] : [],
      // Every value appears twice or more: ties for the latency sort.
      latencyMs: 100 + (i % 13) * 50,
      totalTokens: blocked ? null : 10 + i * 5,
      promptText: i % 8 === 7 ? null : JSON.stringify([{ role: "user", content: `${WORDS[i % WORDS.length]} number ${i}` }]),
    });
  }
  await seedAuditRows(owner.ctx.org.id, rows);
  // The other org has rows matching every filter value that is not an id of the first org.
  const otherRows = rows.slice(0, 10).map((row) => ({ ...row, requestId: `${row.requestId}_other`, apiKeyId: null, userId: null, providerId: null }));
  await seedAuditRows(other.ctx.org.id, otherRows);
  return { owner, other, keyA, keyB, person, provider, rows, otherRows };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;
export type WorldRow = World["rows"][number];
