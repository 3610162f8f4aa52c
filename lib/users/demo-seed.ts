import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import { newApiKey } from "@/lib/keys/api-key-token";
import { createDefaultPolicy } from "@/lib/policy/default-policy";

export const DEMO_ORG_SLUG = "demo";
export const DEMO_OWNER_EMAIL = "owner@demo.example";
export const DEMO_KEY_NAME = "Demo key";
export const ECHO_PROVIDER_NAME = "Echo (test provider)";

export type DemoSeed = {
  org: { id: string; slug: string; name: string };
  owner: { id: string; email: string; password: string | null };
  /** The demo API key, only when this run created it (keys are shown once). */
  apiKey: { prefix: string; key: string | null };
  models: string[];
  created: boolean;
};

/**
 * Creates what is missing of the demo org: its owner, an `echo` test provider (answers by
 * repeating the prompt, so the quickstart works offline) with `echo` and `echo-embedding` in the
 * catalog, approved for every key, and a demo API key. Running it again changes nothing. Secrets are printed only when
 * this run set them: the password on creation or with `resetPassword` (SEED_OWNER_PASSWORD fixes
 * it, otherwise it is random), the key on creation or with `newKey`.
 */
export async function seedDemo(db: Db, options: { resetPassword?: boolean; newKey?: boolean } = {}): Promise<DemoSeed> {
  const existing = await db.user.findUnique({ where: { email: DEMO_OWNER_EMAIL }, select: { id: true } });
  const password = !existing || options.resetPassword ? (process.env.SEED_OWNER_PASSWORD ?? randomBytes(12).toString("base64url")) : null;
  const passwordHash = password ? await hashPassword(password) : undefined;
  const seed = await db.$transaction(async (tx) => {
    const owner = await tx.user.upsert({
      where: { email: DEMO_OWNER_EMAIL },
      create: { email: DEMO_OWNER_EMAIL, name: "Demo Owner", passwordHash: passwordHash! },
      // A new password ends the sessions opened with the old one.
      update: passwordHash ? { passwordHash, sessionVersion: { increment: 1 } } : {},
      select: { id: true, email: true },
    });
    const org = await tx.org.upsert({
      where: { slug: DEMO_ORG_SLUG },
      create: { slug: DEMO_ORG_SLUG, name: "Demo" },
      update: {},
      select: { id: true, slug: true, name: true },
    });
    if ((await tx.policyVersion.count({ where: { orgId: org.id } })) === 0) await createDefaultPolicy(tx, org.id);
    await tx.membership.upsert({
      where: { orgId_userId: { orgId: org.id, userId: owner.id } },
      create: { orgId: org.id, userId: owner.id, role: "owner" },
      update: { role: "owner" },
    });
    const echo = await tx.provider.upsert({
      where: { orgId_name: { orgId: org.id, name: ECHO_PROVIDER_NAME } },
      create: { orgId: org.id, name: ECHO_PROVIDER_NAME, kind: "echo", createdById: owner.id },
      update: {},
      select: { id: true },
    });
    for (const [publicName, kind] of [["echo", "chat"], ["echo-embedding", "embedding"]] as const) {
      await tx.catalogModel.upsert({
        where: { orgId_publicName: { orgId: org.id, publicName } },
        // Approved for every key, so the demo key works at once; the owner is the decider.
        create: {
          orgId: org.id,
          publicName,
          providerId: echo.id,
          upstreamModel: kind === "chat" ? "echo-1" : "echo-embedding-1",
          kind,
          approvalState: "approved",
          decidedById: owner.id,
          decidedAt: new Date(),
        },
        update: {},
      });
    }
    const liveKey = await tx.apiKey.findFirst({ where: { orgId: org.id, name: DEMO_KEY_NAME, revokedAt: null }, select: { prefix: true } });
    let apiKey: DemoSeed["apiKey"];
    if (liveKey && !options.newKey) {
      apiKey = { prefix: liveKey.prefix, key: null };
    } else {
      const { key, prefix, hash } = newApiKey();
      await tx.apiKey.create({ data: { orgId: org.id, name: DEMO_KEY_NAME, prefix, hash, scopes: ["gateway"], modelAllowlist: [], createdById: owner.id } });
      apiKey = { prefix, key };
    }
    return { org, owner: { ...owner, password }, apiKey, models: ["echo", "echo-embedding"], created: !existing };
  });
  await invalidateOrg(seed.org.id);
  return seed;
}
