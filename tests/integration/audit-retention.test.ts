/**
 * Retention: purging an org's expired audit rows cuts its chain at the first kept row and anchors
 * it there, so the kept rows still verify, tampering with them is still caught, new rows chain on,
 * other orgs are untouched, and reviews and investigation items of purged rows go with them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { AuditWriter } from "@/lib/audit/audit-writer";
import { purgeExpiredAuditRows } from "@/lib/audit/chain/purge-expired";
import { verifyAuditChain } from "@/lib/audit/chain/verify-chain";
import { getDb } from "@/lib/db/client";
import { requestRecord } from "../fixtures/audit-rows";
import { signedUpOwner } from "./factories";

// Open (and migrate) the embedded database under the hook's longer timeout, not the first test's.
beforeAll(async () => {
  await getDb();
});

const DAY = 24 * 3600 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/** An org with 3 rows 40 days old, then 2 from today, written through the chain. */
async function agedOrg(label: string, retentionDays: number | null) {
  const { ctx, user } = await signedUpOwner(label);
  const db = await getDb();
  await db.org.update({ where: { id: ctx.org.id }, data: { auditRetentionDays: retentionDays } });
  const writer = new AuditWriter({ intervalMs: 0 });
  const records = [
    ...[0, 1, 2].map((i) => requestRecord(ctx.org.id, `${label}-old${i}`, { createdAt: daysAgo(40 - i) })),
    ...[0, 1].map((i) => requestRecord(ctx.org.id, `${label}-new${i}`)),
  ];
  for (const record of records) await writer.record(record);
  await writer.flush();
  writer.stop();
  return { ctx, user, orgId: ctx.org.id, requestIds: records.map((r) => r.requestId), writer };
}

const remaining = async (orgId: string) =>
  (await (await getDb()).gatewayRequest.findMany({ where: { orgId }, orderBy: { chainSeq: "asc" }, select: { requestId: true, chainSeq: true } })).map((r) => r.chainSeq);

describe("purgeExpiredAuditRows", () => {
  it("deletes rows past retention, anchors the first kept row, and the rest still verifies", async () => {
    const org = await agedOrg("purge", 30);
    const db = await getDb();
    const [result] = await purgeExpiredAuditRows(db, org.orgId);
    expect(result).toEqual({ orgId: org.orgId, purgedRows: 3, anchorSeq: 4 });
    expect(await remaining(org.orgId)).toEqual([4, 5]);
    const kept = await db.gatewayRequest.findFirstOrThrow({ where: { orgId: org.orgId, chainSeq: 4 } });
    expect(await db.auditAnchor.findMany({ where: { orgId: org.orgId }, select: { chainSeq: true, prevHash: true, purgedRows: true } })).toEqual([{ chainSeq: 4, prevHash: kept.prevHash, purgedRows: 3 }]);
    expect(await verifyAuditChain(db, org.orgId)).toEqual({ ok: true, checked: 2, startSeq: 4 });
    const activity = await db.adminActivity.findFirstOrThrow({ where: { orgId: org.orgId, action: "audit.purged" } });
    expect(activity).toMatchObject({ actorId: null, actorKeyId: null, targetType: "audit" });
    expect(activity.details).toMatchObject({ purgedRows: 3, retentionDays: 30, anchorSeq: 4 });

    // A second run finds nothing more to purge and adds no anchor.
    expect(await purgeExpiredAuditRows(db, org.orgId)).toEqual([{ orgId: org.orgId, purgedRows: 0, anchorSeq: null }]);
    expect(await db.auditAnchor.count({ where: { orgId: org.orgId } })).toBe(1);
  });

  it("still catches tampering with the kept rows, and new rows chain on after the anchor", async () => {
    const org = await agedOrg("purge-tamper", 30);
    const db = await getDb();
    await purgeExpiredAuditRows(db, org.orgId);
    const writer = new AuditWriter({ intervalMs: 0 });
    await writer.record(requestRecord(org.orgId, "after-purge"));
    await writer.flush();
    writer.stop();
    expect(await remaining(org.orgId)).toEqual([4, 5, 6]);
    expect(await verifyAuditChain(db, org.orgId)).toEqual({ ok: true, checked: 3, startSeq: 4 });

    await db.$executeRaw`UPDATE "GatewayRequest" SET "status" = 418 WHERE "requestId" = ${org.requestIds[4]}`;
    expect((await verifyAuditChain(db, org.orgId)).firstBrokenLink).toEqual({ chainSeq: 5, requestId: org.requestIds[4], reason: "content changed" });
    await db.$executeRaw`DELETE FROM "GatewayRequest" WHERE "requestId" = ${org.requestIds[3]}`;
    expect((await verifyAuditChain(db, org.orgId)).firstBrokenLink).toEqual({ chainSeq: 5, requestId: org.requestIds[4], reason: "sequence gap" });
  });

  it("anchors past the last row when every row expired, and the chain continues from it", async () => {
    const { ctx } = await signedUpOwner("purge-all");
    const db = await getDb();
    await db.org.update({ where: { id: ctx.org.id }, data: { auditRetentionDays: 1 } });
    const writer = new AuditWriter({ intervalMs: 0 });
    for (const i of [0, 1]) await writer.record(requestRecord(ctx.org.id, `all${i}`, { createdAt: daysAgo(5) }));
    await writer.flush();
    expect(await purgeExpiredAuditRows(db, ctx.org.id)).toEqual([{ orgId: ctx.org.id, purgedRows: 2, anchorSeq: 3 }]);
    expect(await verifyAuditChain(db, ctx.org.id)).toEqual({ ok: true, checked: 0, startSeq: 3 });
    await writer.record(requestRecord(ctx.org.id, "all-next"));
    await writer.flush();
    writer.stop();
    expect(await remaining(ctx.org.id)).toEqual([3]);
    expect(await verifyAuditChain(db, ctx.org.id)).toEqual({ ok: true, checked: 1, startSeq: 3 });
  });

  it("leaves other orgs' rows alone: one without retention, and one not named", async () => {
    const target = await agedOrg("purge-target", 30);
    const forever = await agedOrg("purge-forever", null);
    const other = await agedOrg("purge-other", 30);
    const db = await getDb();
    await purgeExpiredAuditRows(db, target.orgId);
    expect(await remaining(forever.orgId)).toEqual([1, 2, 3, 4, 5]);
    expect(await remaining(other.orgId)).toEqual([1, 2, 3, 4, 5]);
    // Every org with a retention, when none is named; never one without.
    const all = await purgeExpiredAuditRows(db);
    expect(all.find((r) => r.orgId === other.orgId)).toEqual({ orgId: other.orgId, purgedRows: 3, anchorSeq: 4 });
    expect(all.some((r) => r.orgId === forever.orgId)).toBe(false);
    expect(await remaining(forever.orgId)).toEqual([1, 2, 3, 4, 5]);
    expect(await verifyAuditChain(db, forever.orgId)).toEqual({ ok: true, checked: 5, startSeq: 1 });
  });

  it("removes reviews and investigation items of purged rows with them", async () => {
    const org = await agedOrg("purge-cascade", 30);
    const db = await getDb();
    const [oldRow, newRow] = await Promise.all([
      db.gatewayRequest.findUniqueOrThrow({ where: { requestId: org.requestIds[0] } }),
      db.gatewayRequest.findUniqueOrThrow({ where: { requestId: org.requestIds[4] } }),
    ]);
    const oldReview = await db.review.create({ data: { orgId: org.orgId, requestId: oldRow.id } });
    const newReview = await db.review.create({ data: { orgId: org.orgId, requestId: newRow.id } });
    const investigation = await db.investigation.create({ data: { orgId: org.orgId, title: "Leak?", createdById: org.user.id } });
    await db.investigationItem.create({ data: { investigationId: investigation.id, requestId: oldRow.id, addedById: org.user.id } });
    await db.investigationItem.create({ data: { investigationId: investigation.id, reviewId: oldReview.id, addedById: org.user.id } });
    await db.investigationItem.create({ data: { investigationId: investigation.id, requestId: newRow.id, addedById: org.user.id } });

    await purgeExpiredAuditRows(db, org.orgId);
    expect(await db.review.findMany({ where: { orgId: org.orgId }, select: { id: true } })).toEqual([{ id: newReview.id }]);
    expect(await db.investigationItem.findMany({ where: { investigationId: investigation.id }, select: { requestId: true } })).toEqual([{ requestId: newRow.id }]);
    expect(await db.investigation.count({ where: { id: investigation.id } })).toBe(1); // the investigation itself stays
  });
});
