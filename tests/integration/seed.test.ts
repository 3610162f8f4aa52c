import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { authenticateWithPassword } from "@/lib/auth/authenticate";
import { getDb } from "@/lib/db/client";
import { DEMO_ORG_SLUG, DEMO_OWNER_EMAIL, seedDemo } from "@/lib/users/demo-seed";

describe("demo seed", () => {
  it("is idempotent and prints a sign-in that works", async () => {
    const db = await getDb();
    const first = await seedDemo(db, { resetPassword: true });
    const second = await seedDemo(db);
    expect(second.org.id).toBe(first.org.id);
    expect(second.owner.id).toBe(first.owner.id);
    expect(second.owner.password).toBeNull(); // unchanged, so not known to this run
    expect(await db.org.count({ where: { slug: DEMO_ORG_SLUG } })).toBe(1);
    expect(await db.membership.findMany({ where: { orgId: first.org.id } })).toEqual([
      expect.objectContaining({ userId: first.owner.id, role: "owner" }),
    ]);
    const signedIn = await authenticateWithPassword({ email: DEMO_OWNER_EMAIL, password: first.owner.password }, "seed-test");
    expect(signedIn?.id).toBe(first.owner.id);
  });

  it("sets a new password only when asked", async () => {
    const db = await getDb();
    const before = await seedDemo(db, { resetPassword: true });
    const after = await seedDemo(db, { resetPassword: true });
    expect(after.owner.password).not.toBe(before.owner.password);
    expect(await authenticateWithPassword({ email: DEMO_OWNER_EMAIL, password: after.owner.password }, "seed-test")).not.toBeNull();
  });
});

describe("the seeded demo gateway", () => {
  let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
  beforeAll(async () => {
    gateway = await startGatewayServer();
  });
  afterAll(() => gateway.close());

  it("answers the demo key through the echo test provider, offline", async () => {
    const seed = await seedDemo(await getDb(), { newKey: true });
    expect(seed.apiKey.key).toMatch(/^gw_live_/);
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: seed.apiKey.key!, maxRetries: 0 });
    const reply = await client.chat.completions.create({ model: "echo", messages: [{ role: "user", content: "hello there" }] });
    expect(reply.choices[0]!.message.content).toBe("Echo: hello there");
    const embedded = await client.embeddings.create({ model: "echo-embedding", input: "hello" });
    expect(embedded.data[0]!.embedding).toHaveLength(8);
    expect((await client.models.list()).data.map((m) => m.id).sort()).toEqual(["echo", "echo-embedding"]);
  });
});
