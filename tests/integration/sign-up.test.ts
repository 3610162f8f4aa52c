import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { signUp } from "@/lib/users/sign-up";
import { STRONG_PASSWORD, uniqueEmail } from "./factories";

describe("sign-up", () => {
  it("creates the user and a first org with them as its only owner", async () => {
    const db = await getDb();
    const email = uniqueEmail("ada");
    const { user, org } = await signUp(db, { email, password: STRONG_PASSWORD, name: "Ada Lovelace" });
    expect(user.email).toBe(email);
    expect(org.name).toBe("Ada's org");
    const memberships = await db.membership.findMany({ where: { orgId: org.id } });
    expect(memberships).toEqual([expect.objectContaining({ userId: user.id, role: "owner" })]);
  });

  it("stores an argon2id hash, never the password", async () => {
    const db = await getDb();
    const { user } = await signUp(db, { email: uniqueEmail(), password: STRONG_PASSWORD });
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(STRONG_PASSWORD);
  });

  it("refuses a second account for the same email with a field message", async () => {
    const db = await getDb();
    const email = uniqueEmail("dup");
    await signUp(db, { email, password: STRONG_PASSWORD });
    const attempt = signUp(db, { email, password: STRONG_PASSWORD });
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ fieldErrors: { email: [expect.stringMatching(/already exists/)] } });
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("gives two people with the same first name different org slugs", async () => {
    const db = await getDb();
    const name = `Grace${Date.now()}`;
    const a = await signUp(db, { email: uniqueEmail(), password: STRONG_PASSWORD, name });
    const b = await signUp(db, { email: uniqueEmail(), password: STRONG_PASSWORD, name });
    expect(a.org.slug).not.toBe(b.org.slug);
    expect(b.org.slug.startsWith(a.org.slug)).toBe(true);
  });
});
