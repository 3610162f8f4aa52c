/**
 * Investigations on a real database: create (alone or from a flagged request's review), add
 * requests by public or internal id and reviews, notes, owner and status, the status filter,
 * auditors read-only, and another org's ids answering "not found".
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { addRequestToInvestigation, addReviewToInvestigation } from "@/lib/investigations/add-investigation-item";
import { addInvestigationNote } from "@/lib/investigations/add-investigation-note";
import { createInvestigation } from "@/lib/investigations/create-investigation";
import { investigationDetail } from "@/lib/investigations/investigation-detail";
import { activeInvestigations, listInvestigations } from "@/lib/investigations/list-investigations";
import { updateInvestigation } from "@/lib/investigations/update-investigation";
import type { OrgContext } from "@/lib/orgs/org-access";
import { listReviewQueue } from "@/lib/reviews/review-queue";
import { reviewQueueFilterSchema } from "@/lib/schemas/review";
import { insertFlaggedRow, insertRequestRow } from "../fixtures/audit-rows";
import { memberOf, signedUpOwner } from "./factories";

let owner: OrgContext;
let admin: { user: { id: string }; ctx: OrgContext };
let auditor: { user: { id: string }; ctx: OrgContext };
let other: OrgContext;

const blank = { summary: null, ownerId: null, fromRequestId: null };

beforeAll(async () => {
  owner = (await signedUpOwner("investigations")).ctx;
  admin = await memberOf(owner, "admin");
  auditor = await memberOf(owner, "auditor");
  other = (await signedUpOwner("investigations-other")).ctx;
});

describe("investigations", () => {
  it("groups requests (by public or internal id) and reviews with notes, an owner and a status", async () => {
    const db = await getDb();
    const created = await createInvestigation(db, owner, { title: "Injection wave from checkout", summary: "Several prompts tried to leak the system prompt.", ownerId: admin.user.id, fromRequestId: null });
    const byPublicId = await insertRequestRow(owner.org.id);
    const byInternalId = await insertRequestRow(owner.org.id, { decision: "block", matchedRules: ["block-secrets"] });
    const flagged = await insertFlaggedRow(owner.org.id);

    expect(await addRequestToInvestigation(db, owner, { investigationId: created.id, reference: byPublicId.requestId })).toMatchObject({ id: byPublicId.id });
    await addRequestToInvestigation(db, admin.ctx, { investigationId: created.id, reference: byInternalId.id });
    await addReviewToInvestigation(db, owner, { investigationId: created.id, requestId: flagged.id });
    await addInvestigationNote(db, admin.ctx, { investigationId: created.id, body: "Key rotated." });
    await updateInvestigation(db, owner, { investigationId: created.id, status: "in_progress", ownerId: owner.userId });

    const detail = await investigationDetail(db, auditor.ctx, created.id);
    expect(detail).toMatchObject({ title: "Injection wave from checkout", summary: "Several prompts tried to leak the system prompt.", status: "in_progress", owner: { id: owner.userId } });
    expect(detail.items.map((item) => item.request?.id ?? item.review?.request.id)).toEqual([byPublicId.id, byInternalId.id, flagged.id]);
    expect(detail.items[2]?.review?.status).toBe("open");
    expect(detail.notes.map((note) => [note.author.id, note.body])).toEqual([[admin.user.id, "Key rotated."]]);

    // The review queue shows which investigations a review belongs to.
    const [queued] = await listReviewQueue(db, owner, reviewQueueFilterSchema.parse({ rule: "flag-prompt-injection", order: "newest" }));
    expect(queued?.id).toBe(flagged.id);
    expect(queued?.review?.investigationItems.map((item) => item.investigation.id)).toEqual([created.id]);
  });

  it("refuses the same request or review twice, unknown ids, and owners outside the org", async () => {
    const db = await getDb();
    const { id } = await createInvestigation(db, owner, { ...blank, title: "Duplicates" });
    const row = await insertFlaggedRow(owner.org.id);
    await addRequestToInvestigation(db, owner, { investigationId: id, reference: row.requestId });
    await expect(addRequestToInvestigation(db, owner, { investigationId: id, reference: row.id })).rejects.toThrow(ConflictError);
    await addReviewToInvestigation(db, owner, { investigationId: id, requestId: row.id });
    await expect(addReviewToInvestigation(db, owner, { investigationId: id, requestId: row.id })).rejects.toThrow(ConflictError);
    await expect(addRequestToInvestigation(db, owner, { investigationId: id, reference: "req_does_not_exist" })).rejects.toThrow("No request with that id in this org.");
    await expect(createInvestigation(db, owner, { ...blank, title: "Owned elsewhere", ownerId: other.userId })).rejects.toThrow(ValidationError);
    await expect(updateInvestigation(db, owner, { investigationId: id, status: "open", ownerId: other.userId })).rejects.toThrow(ValidationError);
    expect((await investigationDetail(db, owner, id)).items).toHaveLength(2);
  });

  it("starts from a flagged request with its review as the first item, creating the review", async () => {
    const db = await getDb();
    const flagged = await insertFlaggedRow(owner.org.id);
    const { id } = await createInvestigation(db, owner, { ...blank, title: "From the queue", fromRequestId: flagged.id });
    const detail = await investigationDetail(db, owner, id);
    expect(detail.items).toHaveLength(1);
    expect(detail.items[0]?.review?.request.id).toBe(flagged.id);
    expect(await db.review.count({ where: { requestId: flagged.id } })).toBe(1);

    // A request that was not flagged has no review to start from; nothing is created.
    const allowed = await insertRequestRow(owner.org.id);
    const before = await db.investigation.count({ where: { orgId: owner.org.id } });
    await expect(createInvestigation(db, owner, { ...blank, title: "Not flagged", fromRequestId: allowed.id })).rejects.toThrow(NotFoundError);
    expect(await db.investigation.count({ where: { orgId: owner.org.id } })).toBe(before);
  });

  it("lists with a status filter, latest change first; active ones leave out closed", async () => {
    const db = await getDb();
    const first = await createInvestigation(db, owner, { ...blank, title: "Will close" });
    const second = await createInvestigation(db, owner, { ...blank, title: "Stays open" });
    await updateInvestigation(db, owner, { investigationId: first.id, status: "closed", ownerId: null });
    const closed = (await listInvestigations(db, owner, { status: "closed" })).map((row) => row.id);
    expect(closed).toContain(first.id);
    expect(closed).not.toContain(second.id);
    const open = (await listInvestigations(db, owner, { status: "open" })).map((row) => row.id);
    expect(open).toContain(second.id);
    expect(open).not.toContain(first.id);
    const all = (await listInvestigations(db, owner)).map((row) => row.id);
    expect(all.indexOf(first.id)).toBeLessThan(all.indexOf(second.id)); // closed last, so changed last
    const active = (await activeInvestigations(db, owner)).map((row) => row.id);
    expect(active).toContain(second.id);
    expect(active).not.toContain(first.id);
  });
});

describe("permissions and tenancy", () => {
  it("lets auditors read but not create, add, note or change", async () => {
    const db = await getDb();
    const { id } = await createInvestigation(db, owner, { ...blank, title: "Read-only for auditors" });
    const row = await insertRequestRow(owner.org.id);
    expect((await listInvestigations(db, auditor.ctx)).map((item) => item.id)).toContain(id);
    await expect(createInvestigation(db, auditor.ctx, { ...blank, title: "Nope" })).rejects.toThrow(ForbiddenError);
    await expect(addRequestToInvestigation(db, auditor.ctx, { investigationId: id, reference: row.id })).rejects.toThrow(ForbiddenError);
    await expect(addInvestigationNote(db, auditor.ctx, { investigationId: id, body: "x" })).rejects.toThrow(ForbiddenError);
    await expect(updateInvestigation(db, auditor.ctx, { investigationId: id, status: "closed", ownerId: null })).rejects.toThrow(ForbiddenError);
    const member = await memberOf(owner, "member");
    await expect(listInvestigations(db, member.ctx)).rejects.toThrow(ForbiddenError);
  });

  it("answers not found across orgs, both for investigations and for the requests added", async () => {
    const db = await getDb();
    const theirs = await createInvestigation(db, other, { ...blank, title: "Theirs" });
    const mine = await createInvestigation(db, owner, { ...blank, title: "Mine" });
    const theirRequest = await insertFlaggedRow(other.org.id);
    await expect(investigationDetail(db, owner, theirs.id)).rejects.toThrow(NotFoundError);
    await expect(addInvestigationNote(db, owner, { investigationId: theirs.id, body: "x" })).rejects.toThrow(NotFoundError);
    await expect(updateInvestigation(db, owner, { investigationId: theirs.id, status: "closed", ownerId: null })).rejects.toThrow(NotFoundError);
    await expect(addRequestToInvestigation(db, owner, { investigationId: theirs.id, reference: theirRequest.id })).rejects.toThrow(NotFoundError);
    await expect(addRequestToInvestigation(db, owner, { investigationId: mine.id, reference: theirRequest.requestId })).rejects.toThrow(NotFoundError);
    await expect(addReviewToInvestigation(db, owner, { investigationId: mine.id, requestId: theirRequest.id })).rejects.toThrow(NotFoundError);
    expect((await listInvestigations(db, owner)).map((row) => row.id)).not.toContain(theirs.id);
    expect((await investigationDetail(db, other, theirs.id)).items).toHaveLength(0);
  });
});
