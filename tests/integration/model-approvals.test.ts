/**
 * The approval workflow's service on a real database: publishing approved or unreviewed,
 * requests (duplicates refused), approvals scoped to tags and merged, denials, revocation, what
 * each role may do, and another org's ids answering "not found".
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  approveAccessRequest,
  decideModel,
  denyAccessRequest,
  listAccessRequests,
  pendingAccessRequestCount,
  requestModelAccess,
} from "@/lib/catalog/approval-service";
import { findCatalogModel, listCatalog, publishModel } from "@/lib/catalog/catalog-service";
import type { AccessScope } from "@/lib/catalog/model-approval";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { orgSnapshot } from "@/lib/gateway/gateway-cache";
import type { OrgContext } from "@/lib/orgs/org-access";
import { createProvider } from "@/lib/providers/provider-service";
import { keyWithTags, memberOf, signedUpOwner } from "./factories";

const EVERY_KEY: AccessScope = { keyIds: [], keyTags: [] };
const tags = (...keyTags: string[]): AccessScope => ({ keyIds: [], keyTags });
const REASON = "The data team needs it for nightly summaries.";

let owner: OrgContext;
let admin: { user: { id: string }; ctx: OrgContext };
let member: { user: { id: string }; ctx: OrgContext };
let otherMember: { user: { id: string }; ctx: OrgContext };
let auditor: { user: { id: string }; ctx: OrgContext };
let providerId: string;
let counter = 0;

/** A model left unreviewed, as an admin who unchecks "Approve for every key now" leaves it. */
async function unreviewedModel(name = `m${counter++}`) {
  return publishModel(await getDb(), owner, { publicName: name, providerId, upstreamModel: "echo-1", kind: "chat", approveForAllKeys: false });
}

beforeAll(async () => {
  const db = await getDb();
  owner = (await signedUpOwner("approvals")).ctx;
  admin = await memberOf(owner, "admin");
  member = await memberOf(owner, "member");
  otherMember = await memberOf(owner, "member", "other-member");
  auditor = await memberOf(owner, "auditor");
  providerId = (await createProvider(db, owner, { name: "Echo", kind: "echo" })).id;
});

describe("publishing", () => {
  it("approves for every key by default, with the publisher as decider, and leaves unreviewed when asked", async () => {
    const db = await getDb();
    const approved = await publishModel(db, admin.ctx, { publicName: "pub-default", providerId, upstreamModel: "echo-1", kind: "chat" });
    expect(approved.approval).toEqual({ state: "approved", keyIds: [], keyTags: [] });
    expect(approved.decidedBy?.id).toBe(admin.user.id);
    expect(approved.decidedAt).toBeInstanceOf(Date);

    const waiting = await unreviewedModel("pub-waiting");
    expect(waiting.approval.state).toBe("unreviewed");
    expect(waiting.decidedBy).toBeNull();
    expect((await listCatalog(db, member.ctx)).find((m) => m.publicName === "pub-waiting")?.approval.state).toBe("unreviewed");
  });
});

describe("requests and decisions", () => {
  it("queues a member's request, refuses a duplicate for the same scope, and takes one for another scope", async () => {
    const db = await getDb();
    const model = await unreviewedModel();
    const request = await requestModelAccess(db, member.ctx, { modelId: model.id, reason: REASON, scope: EVERY_KEY });
    expect(request).toMatchObject({ status: "pending", reason: REASON, keyIds: [], keyTags: [], requester: { id: member.user.id }, decidedBy: null, decidedAt: null });

    const duplicate = requestModelAccess(db, otherMember.ctx, { modelId: model.id, reason: "We need this one as well, please.", scope: EVERY_KEY });
    await expect(duplicate).rejects.toBeInstanceOf(ConflictError);
    await expect(duplicate).rejects.toThrow(`A request for ${model.publicName} with this scope is already waiting for an admin (asked by member on`);
    await expect(requestModelAccess(db, member.ctx, { modelId: model.id, reason: REASON, scope: EVERY_KEY })).rejects.toThrow("(asked by you on");

    const scoped = await requestModelAccess(db, otherMember.ctx, { modelId: model.id, reason: REASON, scope: tags("team:data") });
    expect(scoped.keyTags).toEqual(["team:data"]);
    expect((await listAccessRequests(db, owner, { status: "pending" })).filter((r) => r.model.id === model.id)).toHaveLength(2);
  });

  it("lets only one of two identical requests, or of two decisions on one request, through at once", async () => {
    const db = await getDb();
    const model = await unreviewedModel();
    const ask = (ctx: OrgContext) => requestModelAccess(db, ctx, { modelId: model.id, reason: REASON, scope: tags("team:data") });
    const results = await Promise.allSettled([ask(member.ctx), ask(otherMember.ctx)]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(results.find((result) => result.status === "rejected")).toMatchObject({ reason: expect.any(ConflictError) });

    // Two admins deciding the same request at once: one decision stands, the other is refused.
    const pending = (await listAccessRequests(db, owner, { status: "pending" })).find((request) => request.model.id === model.id)!;
    const decisions = await Promise.allSettled([approveAccessRequest(db, admin.ctx, pending.id, {}), denyAccessRequest(db, owner, pending.id, "No.")]);
    expect(decisions.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const stood = decisions.find((result) => result.status === "fulfilled")!.value;
    expect((await listAccessRequests(db, owner)).find((request) => request.id === pending.id)?.status).toBe(stood.status);
  });

  it("approves a request scoped to a tag: the model is approved for that tag, and who and when are kept", async () => {
    const db = await getDb();
    const model = await unreviewedModel();
    const request = await requestModelAccess(db, member.ctx, { modelId: model.id, reason: REASON, scope: tags("team:data") });
    const orgWide = await requestModelAccess(db, otherMember.ctx, { modelId: model.id, reason: REASON, scope: EVERY_KEY });

    const decided = await approveAccessRequest(db, admin.ctx, request.id, { note: "For the data team only." });
    expect(decided).toMatchObject({ status: "approved", decisionNote: "For the data team only.", decidedBy: { id: admin.user.id } });
    expect(decided.decidedAt).toBeInstanceOf(Date);
    const after = await findCatalogModel(db, owner, model.id);
    expect(after.approval).toEqual({ state: "approved", keyIds: [], keyTags: ["team:data"] });
    expect(after).toMatchObject({ decidedBy: { id: admin.user.id }, decisionNote: "For the data team only." });

    // The org-wide request is not covered by a tag, so it still waits.
    expect((await listAccessRequests(db, owner, { status: "pending" })).map((r) => r.id)).toContain(orgWide.id);
    // Asking again for what is granted is pointless and refused.
    await expect(requestModelAccess(db, member.ctx, { modelId: model.id, reason: REASON, scope: tags("team:data") })).rejects.toThrow("already approved for what you ask");
  });

  it("merges scopes: two tags add up, every key wins, and requests it covers close with it", async () => {
    const db = await getDb();
    const model = await unreviewedModel();
    const data = await requestModelAccess(db, member.ctx, { modelId: model.id, reason: REASON, scope: tags("team:data") });
    const prod = await requestModelAccess(db, member.ctx, { modelId: model.id, reason: REASON, scope: tags("env:prod") });
    const web = await requestModelAccess(db, otherMember.ctx, { modelId: model.id, reason: REASON, scope: tags("team:web") });
    await approveAccessRequest(db, owner, data.id, {});
    await approveAccessRequest(db, owner, prod.id, {});
    expect((await findCatalogModel(db, owner, model.id)).approval.keyTags).toEqual(["env:prod", "team:data"]);

    // The admin widens a request to every key: org-wide wins, and the pending team:web request is covered.
    const wide = await requestModelAccess(db, otherMember.ctx, { modelId: model.id, reason: REASON, scope: tags("team:ml") });
    await approveAccessRequest(db, admin.ctx, wide.id, { scope: EVERY_KEY, note: "Everyone may." });
    expect((await findCatalogModel(db, owner, model.id)).approval).toEqual({ state: "approved", keyIds: [], keyTags: [] });
    const closed = (await listAccessRequests(db, owner)).find((r) => r.id === web.id)!;
    expect(closed).toMatchObject({ status: "approved", decisionNote: "Everyone may.", decidedBy: { id: admin.user.id } });
    await expect(requestModelAccess(db, member.ctx, { modelId: model.id, reason: REASON, scope: tags("x") })).rejects.toThrow("already approved for every key");
  });

  it("denies with a note: an unreviewed model becomes denied, an approved one stays as it was", async () => {
    const db = await getDb();
    const fresh = await unreviewedModel();
    const ask = await requestModelAccess(db, member.ctx, { modelId: fresh.id, reason: REASON, scope: EVERY_KEY });
    await expect(denyAccessRequest(db, admin.ctx, ask.id, "   ")).rejects.toBeInstanceOf(ValidationError);
    const denied = await denyAccessRequest(db, admin.ctx, ask.id, "Too expensive for now.");
    expect(denied).toMatchObject({ status: "denied", decisionNote: "Too expensive for now.", decidedBy: { id: admin.user.id } });
    expect(await findCatalogModel(db, owner, fresh.id)).toMatchObject({ approval: { state: "denied" }, decisionNote: "Too expensive for now." });

    const limited = await unreviewedModel();
    await decideModel(db, owner, { modelId: limited.id, decision: "approve", note: undefined, scope: tags("team:data") });
    const wider = await requestModelAccess(db, member.ctx, { modelId: limited.id, reason: REASON, scope: EVERY_KEY });
    await denyAccessRequest(db, admin.ctx, wider.id, "Data team only.");
    expect((await findCatalogModel(db, owner, limited.id)).approval).toEqual({ state: "approved", keyIds: [], keyTags: ["team:data"] });

    // A decided request cannot be decided again.
    await expect(approveAccessRequest(db, owner, wider.id, {})).rejects.toThrow("This request was already denied.");
  });

  it("decides on a model directly: approve for a scope, revoke back to unreviewed, deny", async () => {
    const db = await getDb();
    const model = await unreviewedModel();
    await expect(decideModel(db, admin.ctx, { modelId: model.id, decision: "revoke", note: undefined, scope: EVERY_KEY })).rejects.toBeInstanceOf(ConflictError);
    await decideModel(db, admin.ctx, { modelId: model.id, decision: "approve", note: "Trial", scope: tags("env:dev") });
    expect((await findCatalogModel(db, owner, model.id)).approval).toEqual({ state: "approved", keyIds: [], keyTags: ["env:dev"] });

    await decideModel(db, owner, { modelId: model.id, decision: "revoke", note: "Trial over", scope: EVERY_KEY });
    expect(await findCatalogModel(db, owner, model.id)).toMatchObject({
      approval: { state: "unreviewed", keyIds: [], keyTags: [] },
      decidedBy: { id: owner.userId },
      decisionNote: "Trial over",
    });
    await decideModel(db, owner, { modelId: model.id, decision: "deny", note: "Not for us", scope: EVERY_KEY });
    expect((await findCatalogModel(db, owner, model.id)).approval.state).toBe("denied");
  });

  it("drops the gateway's cached snapshot of the org on every decision", async () => {
    const db = await getDb();
    const model = await unreviewedModel();
    expect((await orgSnapshot(owner.org.id)).models.get(model.publicName)?.approval.state).toBe("unreviewed");
    await decideModel(db, admin.ctx, { modelId: model.id, decision: "approve", note: undefined, scope: tags("team:data") });
    expect((await orgSnapshot(owner.org.id)).models.get(model.publicName)?.approval).toEqual({ state: "approved", keyIds: [], keyTags: ["team:data"] });
    const ask = await requestModelAccess(db, member.ctx, { modelId: model.id, reason: REASON, scope: EVERY_KEY });
    await approveAccessRequest(db, admin.ctx, ask.id, {});
    expect((await orgSnapshot(owner.org.id)).models.get(model.publicName)?.approval.keyTags).toEqual([]);
    await decideModel(db, admin.ctx, { modelId: model.id, decision: "revoke", note: undefined, scope: EVERY_KEY });
    expect((await orgSnapshot(owner.org.id)).models.get(model.publicName)?.approval.state).toBe("unreviewed");
  });
});

describe("who may do what", () => {
  it("lets members request, not decide; auditors read the queue, nothing else; admins and owners decide", async () => {
    const db = await getDb();
    const model = await unreviewedModel();
    const request = await requestModelAccess(db, member.ctx, { modelId: model.id, reason: REASON, scope: EVERY_KEY });

    for (const ctx of [member.ctx, auditor.ctx]) {
      await expect(approveAccessRequest(db, ctx, request.id, {})).rejects.toBeInstanceOf(ForbiddenError);
      await expect(denyAccessRequest(db, ctx, request.id, "no")).rejects.toBeInstanceOf(ForbiddenError);
      await expect(decideModel(db, ctx, { modelId: model.id, decision: "approve", note: undefined, scope: EVERY_KEY })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(pendingAccessRequestCount(db, ctx)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(publishModel(db, ctx, { publicName: "nope", providerId, upstreamModel: "x", kind: "chat", approveForAllKeys: false })).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(requestModelAccess(db, auditor.ctx, { modelId: model.id, reason: REASON, scope: tags("audit") })).rejects.toBeInstanceOf(ForbiddenError);

    // Members see their own requests only; auditors and admins the whole queue.
    const ownOnly = await listAccessRequests(db, otherMember.ctx);
    expect(ownOnly.every((r) => r.requester.id === otherMember.user.id)).toBe(true);
    expect(ownOnly.map((r) => r.id)).not.toContain(request.id);
    expect((await listAccessRequests(db, auditor.ctx)).map((r) => r.id)).toContain(request.id);
    const pendingCount = await pendingAccessRequestCount(db, admin.ctx);
    expect(pendingCount).toBe((await listAccessRequests(db, owner, { status: "pending" })).length);
    expect(pendingCount).toBeGreaterThan(0);

    await approveAccessRequest(db, admin.ctx, request.id, {});
    expect(await pendingAccessRequestCount(db, owner)).toBe(pendingCount - 1);
    // Nothing the refused callers tried changed the model.
    expect((await findCatalogModel(db, owner, model.id)).decidedBy?.id).toBe(admin.user.id);
  });

  it("lets a requester name only keys they created, and an admin any key of the org", async () => {
    const db = await getDb();
    const model = await unreviewedModel();
    const mine = await keyWithTags(owner, "member's key", [], { createdById: member.user.id });
    const theirs = await keyWithTags(owner, "admin's key", []);
    await expect(requestModelAccess(db, member.ctx, { modelId: model.id, reason: REASON, scope: { keyIds: [theirs.id], keyTags: [] } })).rejects.toBeInstanceOf(ValidationError);
    const request = await requestModelAccess(db, member.ctx, { modelId: model.id, reason: REASON, scope: { keyIds: [mine.id], keyTags: [] } });
    await approveAccessRequest(db, admin.ctx, request.id, { scope: { keyIds: [mine.id, theirs.id], keyTags: [] } });
    expect((await findCatalogModel(db, owner, model.id)).approval.keyIds).toEqual([mine.id, theirs.id].sort());
  });
});

describe("another org's ids", () => {
  it("are not found, and change nothing", async () => {
    const db = await getDb();
    const other = (await signedUpOwner("approvals-other")).ctx;
    const otherProvider = await createProvider(db, other, { name: "Echo", kind: "echo" });
    const theirModel = await publishModel(db, other, { publicName: "theirs", providerId: otherProvider.id, upstreamModel: "echo-1", kind: "chat", approveForAllKeys: false });
    const theirKey = await keyWithTags(other, "their key", ["team:data"]);
    const theirMember = await memberOf(other, "member");
    const theirRequest = await requestModelAccess(db, theirMember.ctx, { modelId: theirModel.id, reason: REASON, scope: EVERY_KEY });
    const ourModel = await unreviewedModel();

    await expect(requestModelAccess(db, member.ctx, { modelId: theirModel.id, reason: REASON, scope: EVERY_KEY })).rejects.toBeInstanceOf(NotFoundError);
    await expect(requestModelAccess(db, member.ctx, { modelId: ourModel.id, reason: REASON, scope: { keyIds: [theirKey.id], keyTags: [] } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(approveAccessRequest(db, owner, theirRequest.id, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(denyAccessRequest(db, owner, theirRequest.id, "no")).rejects.toBeInstanceOf(NotFoundError);
    await expect(decideModel(db, owner, { modelId: theirModel.id, decision: "approve", note: undefined, scope: EVERY_KEY })).rejects.toBeInstanceOf(NotFoundError);
    await expect(decideModel(db, owner, { modelId: ourModel.id, decision: "approve", note: undefined, scope: { keyIds: [theirKey.id], keyTags: [] } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(findCatalogModel(db, owner, theirModel.id)).rejects.toBeInstanceOf(NotFoundError);

    expect((await listAccessRequests(db, owner)).map((r) => r.id)).not.toContain(theirRequest.id);
    expect((await listAccessRequests(db, other)).map((r) => r.status)).toEqual(["pending"]);
    expect((await findCatalogModel(db, other, theirModel.id)).approval.state).toBe("unreviewed");
    expect((await findCatalogModel(db, owner, ourModel.id)).approval.state).toBe("unreviewed");
  });
});
