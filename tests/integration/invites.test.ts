import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { acceptInvite, createInvite, findInviteByToken, listPendingInvites, revokeInvite } from "@/lib/orgs/invite-service";
import { resolveOrgAccess } from "@/lib/orgs/org-access";
import { memberOf, signedUpOwner, uniqueEmail } from "./factories";

async function newUser(email = uniqueEmail("invitee")) {
  const db = await getDb();
  return db.user.create({ data: { email }, select: { id: true, email: true } });
}

describe("invites", () => {
  it("let the invited person join with the invited role, exactly once", async () => {
    const db = await getDb();
    const { ctx } = await signedUpOwner();
    const invitee = await newUser();
    const { token } = await createInvite(db, ctx, { email: invitee.email, role: "auditor" });
    expect(await listPendingInvites(db, ctx)).toHaveLength(1);

    const org = await acceptInvite(db, invitee, token);
    expect(org.slug).toBe(ctx.org.slug);
    expect((await resolveOrgAccess(db, invitee.id, ctx.org.slug)).role).toBe("auditor");
    expect(await listPendingInvites(db, ctx)).toHaveLength(0);

    const again = acceptInvite(db, invitee, token);
    await expect(again).rejects.toBeInstanceOf(ValidationError);
    await expect(again).rejects.toThrow(/already been used/);
  });

  it("store only a hash of the token", async () => {
    const db = await getDb();
    const { ctx } = await signedUpOwner();
    const { invite, token } = await createInvite(db, ctx, { email: uniqueEmail(), role: "member" });
    const row = await db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await findInviteByToken(db, token))?.id).toBe(invite.id);
  });

  it("expire after 7 days", async () => {
    const db = await getDb();
    const { ctx } = await signedUpOwner();
    const invitee = await newUser();
    const { token } = await createInvite(db, ctx, { email: invitee.email, role: "member" });
    const eightDaysLater = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    await expect(acceptInvite(db, invitee, token, eightDaysLater)).rejects.toThrow(/expired/);
    await expect(acceptInvite(db, invitee, token)).resolves.toMatchObject({ slug: ctx.org.slug });
  });

  it("stop working once revoked", async () => {
    const db = await getDb();
    const { ctx } = await signedUpOwner();
    const invitee = await newUser();
    const { invite, token } = await createInvite(db, ctx, { email: invitee.email, role: "member" });
    await revokeInvite(db, ctx, invite.id);
    await expect(acceptInvite(db, invitee, token)).rejects.toThrow(/revoked/);
    await expect(revokeInvite(db, ctx, invite.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("are bound to the invited email address", async () => {
    const db = await getDb();
    const { ctx } = await signedUpOwner();
    const { token } = await createInvite(db, ctx, { email: uniqueEmail("intended"), role: "admin" });
    const someoneElse = await newUser();
    await expect(acceptInvite(db, someoneElse, token)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(db.membership.count({ where: { orgId: ctx.org.id, userId: someoneElse.id } })).resolves.toBe(0);
  });

  it("answer a made-up token with not found", async () => {
    const db = await getDb();
    const user = await newUser();
    await expect(acceptInvite(db, user, "not-a-real-token")).rejects.toBeInstanceOf(NotFoundError);
    await expect(acceptInvite(db, user, "")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuse to invite an existing member", async () => {
    const db = await getDb();
    const { ctx } = await signedUpOwner();
    const bob = await memberOf(ctx, "member");
    const bobEmail = (await db.user.findUniqueOrThrow({ where: { id: bob.user.id } })).email;
    await expect(createInvite(db, ctx, { email: bobEmail, role: "admin" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("can be sent by owners and admins only, and only owners may invite owners", async () => {
    const db = await getDb();
    const { ctx: owner } = await signedUpOwner();
    const admin = await memberOf(owner, "admin");
    await expect(createInvite(db, admin.ctx, { email: uniqueEmail(), role: "member" })).resolves.toBeTruthy();
    await expect(createInvite(db, admin.ctx, { email: uniqueEmail(), role: "owner" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createInvite(db, owner, { email: uniqueEmail(), role: "owner" })).resolves.toBeTruthy();
    for (const role of ["member", "auditor"] as const) {
      const person = await memberOf(owner, role);
      await expect(createInvite(db, person.ctx, { email: uniqueEmail(), role: "member" })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});
