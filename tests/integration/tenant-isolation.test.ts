import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/auth/rbac";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { createInvite, listPendingInvites, revokeInvite } from "@/lib/orgs/invite-service";
import { changeMemberRole, listMembers, removeMember } from "@/lib/orgs/member-service";
import { resolveOrgAccess } from "@/lib/orgs/org-access";
import { orgOverview } from "@/lib/orgs/org-service";
import { listCatalog, publishModel, unpublishModel } from "@/lib/catalog/catalog-service";
import { createApiKey, getApiKey, listApiKeys, revokeApiKey, updateApiKeyLimits } from "@/lib/keys/key-service";
import { createProvider, deleteProvider, listProviders, testProviderConnection } from "@/lib/providers/provider-service";
import { memberOf, signedUpOwner, uniqueEmail } from "./factories";

/**
 * An owner of org A (the most powerful role) aims every org-scoped operation at org B:
 * B's slug, B's membership ids and B's invite ids. Every attempt must be "not found" and change
 * nothing; A's own listings must never include B's rows.
 */
describe("tenant isolation", () => {
  it("gives a member of org A no way into org B", async () => {
    const db = await getDb();
    const a = await signedUpOwner("tenant-a");
    const b = await signedUpOwner("tenant-b");
    const bMember = await memberOf(b.ctx, "member");
    const { invite: bInvite } = await createInvite(db, b.ctx, { email: uniqueEmail(), role: "member" });

    for (const permission of PERMISSIONS) {
      await expect(resolveOrgAccess(db, a.user.id, b.org.slug, permission)).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(resolveOrgAccess(db, a.user.id, "no-such-org")).rejects.toBeInstanceOf(NotFoundError);

    // A's own context, pointed at B's row ids.
    await expect(changeMemberRole(db, a.ctx, bMember.ctx.membershipId, "owner")).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeMemberRole(db, a.ctx, b.ctx.membershipId, "member")).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeMember(db, a.ctx, bMember.ctx.membershipId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeInvite(db, a.ctx, bInvite.id)).rejects.toBeInstanceOf(NotFoundError);

    // Nothing of B changed, and A's listings show only A.
    expect((await listMembers(db, b.ctx)).map((m) => m.role).sort()).toEqual(["member", "owner"]);
    expect(await listPendingInvites(db, b.ctx)).toHaveLength(1);
    expect((await listMembers(db, a.ctx)).map((m) => m.user.id)).toEqual([a.user.id]);
    expect(await listPendingInvites(db, a.ctx)).toHaveLength(0);
    expect(await orgOverview(db, a.ctx)).toMatchObject({ memberCount: 1, pendingInviteCount: 0, providerCount: 0, keyCount: 0 });
  });

  it("makes a removed member lose access at once", async () => {
    const db = await getDb();
    const { ctx } = await signedUpOwner();
    const bob = await memberOf(ctx, "admin");
    await removeMember(db, ctx, bob.ctx.membershipId);
    await expect(resolveOrgAccess(db, bob.user.id, ctx.org.slug)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps providers, models and API keys of org B out of reach of org A", async () => {
    const db = await getDb();
    const a = await signedUpOwner("tenant-gw-a");
    const b = await signedUpOwner("tenant-gw-b");
    const provider = await createProvider(db, b.ctx, { name: "B's echo", kind: "echo" });
    const model = await publishModel(db, b.ctx, { publicName: "b-model", providerId: provider.id, upstreamModel: "echo-1", kind: "chat" });
    const { apiKey } = await createApiKey(db, b.ctx, { name: "b-key", scopes: ["gateway"], modelAllowlist: [] });

    await expect(deleteProvider(db, a.ctx, provider.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(testProviderConnection(db, a.ctx, provider.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(publishModel(db, a.ctx, { publicName: "stolen", providerId: provider.id, upstreamModel: "x", kind: "chat" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(unpublishModel(db, a.ctx, model.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeApiKey(db, a.ctx, apiKey.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getApiKey(db, a.ctx, apiKey.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateApiKeyLimits(db, a.ctx, apiKey.id, { tags: [], requestsPerMinute: 1, tokensPerMinute: null })).rejects.toBeInstanceOf(NotFoundError);

    expect(await listProviders(db, a.ctx)).toEqual([]);
    expect(await listCatalog(db, a.ctx)).toEqual([]);
    expect(await listApiKeys(db, a.ctx)).toEqual([]);
    expect((await listApiKeys(db, b.ctx)).map((k) => [k.revokedAt, k.requestsPerMinute])).toEqual([[null, null]]);
    expect(await listCatalog(db, b.ctx)).toHaveLength(1);
  });
});
