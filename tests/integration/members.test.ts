import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { changeMemberRole, leaveOrg, listMembers, removeMember } from "@/lib/orgs/member-service";
import { renameOrg } from "@/lib/orgs/org-service";
import { memberOf, signedUpOwner } from "./factories";

describe("members and roles", () => {
  it("lets an owner change a member's role and lists the change", async () => {
    const db = await getDb();
    const { ctx } = await signedUpOwner();
    const bob = await memberOf(ctx, "member");
    await changeMemberRole(db, ctx, bob.ctx.membershipId, "admin");
    const members = await listMembers(db, ctx);
    expect(members.find((m) => m.user.id === bob.user.id)?.role).toBe("admin");
  });

  it("keeps the owner role to owners: an admin can neither grant it nor demote an owner", async () => {
    const db = await getDb();
    const { ctx: owner } = await signedUpOwner();
    const admin = await memberOf(owner, "admin");
    const bob = await memberOf(owner, "member");
    await expect(changeMemberRole(db, admin.ctx, bob.ctx.membershipId, "owner")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeMemberRole(db, admin.ctx, owner.membershipId, "member")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeMember(db, admin.ctx, owner.membershipId)).rejects.toBeInstanceOf(ForbiddenError);
    await changeMemberRole(db, admin.ctx, bob.ctx.membershipId, "auditor"); // admins manage non-owners
  });

  it("never leaves an org without an owner", async () => {
    const db = await getDb();
    const { ctx: owner } = await signedUpOwner();
    await expect(changeMemberRole(db, owner, owner.membershipId, "admin")).rejects.toBeInstanceOf(ConflictError);
    await expect(removeMember(db, owner, owner.membershipId)).rejects.toBeInstanceOf(ConflictError);
    await expect(leaveOrg(db, owner)).rejects.toThrow(/last owner/);

    const second = await memberOf(owner, "member");
    await changeMemberRole(db, owner, second.ctx.membershipId, "owner");
    await leaveOrg(db, owner); // now there is another owner
    expect(await db.membership.findUnique({ where: { id: owner.membershipId } })).toBeNull();
  });

  it("refuses two concurrent demotions that would together remove every owner", async () => {
    const db = await getDb();
    const { ctx: first } = await signedUpOwner();
    const second = await memberOf(first, "owner");
    const results = await Promise.allSettled([
      changeMemberRole(db, first, second.ctx.membershipId, "member"),
      changeMemberRole(db, second.ctx, first.membershipId, "member"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { orgId: first.org.id, role: "owner" } })).toBe(1);
  });

  it("removes a member, who then has no access", async () => {
    const db = await getDb();
    const { ctx: owner } = await signedUpOwner();
    const bob = await memberOf(owner, "member");
    await removeMember(db, owner, bob.ctx.membershipId);
    expect((await listMembers(db, owner)).map((m) => m.user.id)).not.toContain(bob.user.id);
  });

  it("lets any member leave", async () => {
    const db = await getDb();
    const { ctx: owner } = await signedUpOwner();
    const auditor = await memberOf(owner, "auditor");
    await leaveOrg(db, auditor.ctx);
    expect(await db.membership.count({ where: { orgId: owner.org.id } })).toBe(1);
  });

  it("keeps members and auditors from changing anything", async () => {
    const db = await getDb();
    const { ctx: owner } = await signedUpOwner();
    for (const role of ["member", "auditor"] as const) {
      const person = await memberOf(owner, role);
      await expect(changeMemberRole(db, person.ctx, owner.membershipId, "member")).rejects.toBeInstanceOf(ForbiddenError);
      await expect(removeMember(db, person.ctx, owner.membershipId)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(renameOrg(db, person.ctx, "Hijacked")).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await db.org.findUniqueOrThrow({ where: { id: owner.org.id } })).name).toBe(owner.org.name);
  });
});
