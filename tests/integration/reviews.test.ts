/**
 * The review queue on a real database: which flagged requests it holds (a request with no review
 * row is open), filters and order, assign, comment, resolve, reopen, two operators resolving at
 * once, what auditors and members may do, and another org's ids answering "not found".
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { OrgContext } from "@/lib/orgs/org-access";
import { assignReview } from "@/lib/reviews/assign-review";
import { commentOnReview } from "@/lib/reviews/comment-review";
import { reopenReview, resolveReview } from "@/lib/reviews/resolve-review";
import { flaggedRuleIds, listReviewQueue, openReviewCount } from "@/lib/reviews/review-queue";
import { reviewQueueFilterSchema, type ReviewQueueFilter, UNASSIGNED } from "@/lib/schemas/review";
import { insertFlaggedRow, insertRequestRow } from "../fixtures/audit-rows";
import { memberOf, signedUpOwner } from "./factories";

let owner: OrgContext;
let admin: { user: { id: string }; ctx: OrgContext };
let auditor: { user: { id: string }; ctx: OrgContext };
let member: { user: { id: string }; ctx: OrgContext };
let other: OrgContext;

const filter = (input: Record<string, string> = {}): ReviewQueueFilter => reviewQueueFilterSchema.parse(input);
const ids = async (ctx: OrgContext, input: Record<string, string> = {}) => (await listReviewQueue(await getDb(), ctx, filter(input))).map((row) => row.id);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

beforeAll(async () => {
  owner = (await signedUpOwner("reviews")).ctx;
  admin = await memberOf(owner, "admin");
  auditor = await memberOf(owner, "auditor");
  member = await memberOf(owner, "member");
  other = (await signedUpOwner("reviews-other")).ctx;
});

describe("the queue", () => {
  it("holds the org's flagged requests only, newest first by default, oldest first on request", async () => {
    const older = await insertFlaggedRow(owner.org.id, { createdAt: minutesAgo(30) });
    const newer = await insertFlaggedRow(owner.org.id, { createdAt: minutesAgo(10) });
    const allowed = await insertRequestRow(owner.org.id, { createdAt: minutesAgo(5) });
    const blocked = await insertRequestRow(owner.org.id, { decision: "block", matchedRules: ["block-secrets"], createdAt: minutesAgo(5) });
    const elsewhere = await insertFlaggedRow(other.org.id);

    const newest = await ids(owner);
    expect(newest.indexOf(newer.id)).toBeGreaterThanOrEqual(0);
    expect(newest.indexOf(newer.id)).toBeLessThan(newest.indexOf(older.id));
    expect(newest).not.toContain(allowed.id);
    expect(newest).not.toContain(blocked.id);
    expect(newest).not.toContain(elsewhere.id);
    const oldest = await ids(owner, { order: "oldest" });
    expect(oldest.indexOf(older.id)).toBeLessThan(oldest.indexOf(newer.id));
    expect(await ids(other)).toEqual([elsewhere.id]);
  });

  it("filters by rule, status and assignee, and counts only what waits for a verdict", async () => {
    const db = await getDb();
    const countBefore = await openReviewCount(db, owner);
    const jailbreak = await insertFlaggedRow(owner.org.id, { matchedRules: ["flag-jailbreak", "monitor:block-secrets"] });
    const assigned = await insertFlaggedRow(owner.org.id);
    await assignReview(db, owner, { requestId: assigned.id, assigneeId: admin.user.id });
    expect(await openReviewCount(db, owner)).toBe(countBefore + 2);

    expect(await ids(owner, { rule: "flag-jailbreak" })).toEqual([jailbreak.id]);
    expect(await ids(owner, { assignee: admin.user.id })).toEqual([assigned.id]);
    expect(await ids(owner, { assignee: UNASSIGNED })).toContain(jailbreak.id);
    expect(await ids(owner, { assignee: UNASSIGNED })).not.toContain(assigned.id);
    expect(await flaggedRuleIds(db, owner)).toContain("flag-jailbreak");
    expect(await flaggedRuleIds(db, owner)).not.toContain("monitor:block-secrets");

    await resolveReview(db, owner, { requestId: jailbreak.id, verdict: "confirmed" });
    expect(await openReviewCount(db, owner)).toBe(countBefore + 1);
    expect(await ids(owner)).not.toContain(jailbreak.id);
    expect(await ids(owner, { status: "confirmed" })).toContain(jailbreak.id);
    expect(await ids(owner, { status: "all" })).toContain(jailbreak.id);
    expect(await ids(owner, { status: "escalated" })).not.toContain(jailbreak.id);
  });
});

describe("working a review", () => {
  it("assigns to a member, comments, resolves as false positive with a note, reopens", async () => {
    const db = await getDb();
    const flagged = await insertFlaggedRow(owner.org.id);
    expect(await db.review.count({ where: { requestId: flagged.id } })).toBe(0);

    await assignReview(db, owner, { requestId: flagged.id, assigneeId: admin.user.id });
    await commentOnReview(db, admin.ctx, { requestId: flagged.id, body: "Looks like a pentest script." });
    await resolveReview(db, admin.ctx, { requestId: flagged.id, verdict: "false_positive", note: "Internal red team." });

    const [row] = await listReviewQueue(db, owner, filter({ status: "false_positive", assignee: admin.user.id }));
    expect(row?.id).toBe(flagged.id);
    expect(row?.review).toMatchObject({ status: "false_positive", resolutionNote: "Internal red team.", assignee: { id: admin.user.id }, resolvedBy: { id: admin.user.id } });
    expect(row?.review?.resolvedAt).toBeInstanceOf(Date);
    expect(row?.review?.comments.map((comment) => [comment.author.id, comment.body])).toEqual([[admin.user.id, "Looks like a pentest script."]]);

    await reopenReview(db, owner, flagged.id);
    const reopened = await db.review.findUniqueOrThrow({ where: { requestId: flagged.id }, include: { comments: { orderBy: { createdAt: "asc" } } } });
    expect(reopened).toMatchObject({ status: "open", resolvedById: null, resolvedAt: null, resolutionNote: null });
    expect(reopened.comments.at(-1)?.body).toBe(`Reopened (it was marked False positive by admin: "Internal red team.").`);
    await expect(reopenReview(db, owner, flagged.id)).rejects.toThrow(ConflictError);
    await expect(resolveReview(db, owner, { requestId: flagged.id, verdict: "escalated" })).resolves.toMatchObject({ status: "escalated" });
  });

  it("refuses an assignee who is not in the org, and unassigns with an empty choice", async () => {
    const db = await getDb();
    const flagged = await insertFlaggedRow(owner.org.id);
    await expect(assignReview(db, owner, { requestId: flagged.id, assigneeId: other.userId })).rejects.toThrow(ValidationError);
    await assignReview(db, owner, { requestId: flagged.id, assigneeId: member.user.id });
    await assignReview(db, owner, { requestId: flagged.id, assigneeId: null });
    expect((await db.review.findUniqueOrThrow({ where: { requestId: flagged.id } })).assigneeId).toBeNull();
  });

  it("lets exactly one of two concurrent verdicts win and tells the other who decided", async () => {
    const db = await getDb();
    const flagged = await insertFlaggedRow(owner.org.id);
    const results = await Promise.allSettled([
      resolveReview(db, owner, { requestId: flagged.id, verdict: "confirmed" }),
      resolveReview(db, admin.ctx, { requestId: flagged.id, verdict: "false_positive" }),
    ]);
    const won = results.filter((result) => result.status === "fulfilled");
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    const review = await db.review.findUniqueOrThrow({ where: { requestId: flagged.id }, include: { resolvedBy: true } });
    const winner = review.status === "confirmed" ? "reviews person" : "admin";
    expect(lost[0]!.reason.message).toMatch(new RegExp(`^${winner} already resolved this review as ${review.status === "confirmed" ? "confirmed" : "false positive"} at .+ UTC\\. Reopen it to change the verdict\\.$`));
    expect(await db.review.count({ where: { requestId: flagged.id } })).toBe(1);
    // The activity log holds the one verdict that stood, not the refused one.
    const logged = await db.adminActivity.findMany({ where: { orgId: owner.org.id, action: "review.resolved", targetId: review.id } });
    expect(logged.map((entry) => (entry.details as { verdict: string }).verdict)).toEqual([review.status]);
  });

  it("refuses a second verdict on a resolved review", async () => {
    const db = await getDb();
    const flagged = await insertFlaggedRow(owner.org.id);
    await resolveReview(db, owner, { requestId: flagged.id, verdict: "confirmed" });
    await expect(resolveReview(db, admin.ctx, { requestId: flagged.id, verdict: "escalated" })).rejects.toThrow(/already resolved this review as confirmed/);
    expect((await db.review.findUniqueOrThrow({ where: { requestId: flagged.id } })).status).toBe("confirmed");
  });
});

describe("permissions and tenancy", () => {
  it("lets auditors read the queue and nothing else; members cannot even read it", async () => {
    const db = await getDb();
    const flagged = await insertFlaggedRow(owner.org.id);
    expect(await ids(auditor.ctx)).toContain(flagged.id);
    await expect(assignReview(db, auditor.ctx, { requestId: flagged.id, assigneeId: auditor.user.id })).rejects.toThrow(ForbiddenError);
    await expect(commentOnReview(db, auditor.ctx, { requestId: flagged.id, body: "hi" })).rejects.toThrow(ForbiddenError);
    await expect(resolveReview(db, auditor.ctx, { requestId: flagged.id, verdict: "confirmed" })).rejects.toThrow(ForbiddenError);
    await expect(reopenReview(db, auditor.ctx, flagged.id)).rejects.toThrow(ForbiddenError);
    await expect(listReviewQueue(db, member.ctx, filter())).rejects.toThrow(ForbiddenError);
    await expect(openReviewCount(db, member.ctx)).rejects.toThrow(ForbiddenError);
    expect(await db.review.count({ where: { requestId: flagged.id } })).toBe(0);
  });

  it("answers not found for another org's flagged request and for requests that were not flagged", async () => {
    const db = await getDb();
    const theirs = await insertFlaggedRow(other.org.id);
    const allowed = await insertRequestRow(owner.org.id);
    for (const requestId of [theirs.id, allowed.id]) {
      await expect(resolveReview(db, owner, { requestId, verdict: "confirmed" })).rejects.toThrow(NotFoundError);
      await expect(commentOnReview(db, owner, { requestId, body: "x" })).rejects.toThrow(NotFoundError);
      await expect(assignReview(db, owner, { requestId, assigneeId: null })).rejects.toThrow(NotFoundError);
    }
    expect(await db.review.count({ where: { requestId: { in: [theirs.id, allowed.id] } } })).toBe(0);
  });
});
