import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";

export const DEMO_ORG_SLUG = "demo";
export const DEMO_OWNER_EMAIL = "owner@demo.example";

export type DemoSeed = {
  org: { id: string; slug: string; name: string };
  owner: { id: string; email: string; password: string | null };
  created: boolean;
};

/**
 * Creates the demo org and its owner if they are missing, and reports them. Running it again
 * changes nothing; the owner's password is only known (and printed) when this run set it:
 * on creation, or with `resetPassword`. SEED_OWNER_PASSWORD fixes it; otherwise it is random.
 */
export async function seedDemo(db: Db, options: { resetPassword?: boolean } = {}): Promise<DemoSeed> {
  const existing = await db.user.findUnique({ where: { email: DEMO_OWNER_EMAIL }, select: { id: true } });
  const password = !existing || options.resetPassword ? (process.env.SEED_OWNER_PASSWORD ?? randomBytes(12).toString("base64url")) : null;
  const passwordHash = password ? await hashPassword(password) : undefined;
  return db.$transaction(async (tx) => {
    const owner = await tx.user.upsert({
      where: { email: DEMO_OWNER_EMAIL },
      create: { email: DEMO_OWNER_EMAIL, name: "Demo Owner", passwordHash: passwordHash! },
      update: passwordHash ? { passwordHash } : {},
      select: { id: true, email: true },
    });
    const org = await tx.org.upsert({
      where: { slug: DEMO_ORG_SLUG },
      create: { slug: DEMO_ORG_SLUG, name: "Demo" },
      update: {},
      select: { id: true, slug: true, name: true },
    });
    await tx.membership.upsert({
      where: { orgId_userId: { orgId: org.id, userId: owner.id } },
      create: { orgId: org.id, userId: owner.id, role: "owner" },
      update: { role: "owner" },
    });
    return { org, owner: { ...owner, password }, created: !existing };
  });
}
