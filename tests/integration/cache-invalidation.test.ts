/**
 * Cross-instance cache invalidation (lib/cache/invalidation.ts). Which channel is live depends on
 * the environment: Redis pub/sub with REDIS_URL, else PostgreSQL LISTEN/NOTIFY with DATABASE_URL,
 * else (embedded) only this process. "Another instance" is simulated with a connection of our
 * own: a separate pg.Client or ioredis client that shares nothing with the gateway's.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import OpenAI from "openai";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidateOrg, invalidationReady, onOrgInvalidated } from "@/lib/cache/invalidation";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { createProvider } from "@/lib/providers/provider-service";
import { signedUpOwner } from "./factories";

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
const CHANNEL = `${process.env.REDIS_KEY_PREFIX ?? ""}gateway_invalidate`;
const mode = REDIS_URL ? "redis" : DATABASE_URL ? "postgres" : "embedded";

let ctx: OrgContext;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
const closers: (() => Promise<unknown>)[] = [];

const uniqueOrgId = () => `org_test_${randomBytes(8).toString("hex")}`;

/** Resolves with the time `orgId` reached this process's handlers; rejects after `timeoutMs`. */
function deliveryOf(orgId: string, timeoutMs = 1_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`invalidation of ${orgId} not delivered within ${timeoutMs} ms (mode: ${mode})`));
    }, timeoutMs);
    const stop = onOrgInvalidated((delivered) => {
      if (delivered !== orgId) return; // other test files share the channel
      clearTimeout(timer);
      stop();
      resolve(performance.now());
    });
  });
}

/** A connection of "another instance". */
async function otherPgClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  closers.push(() => client.end());
  return client;
}

function otherRedisClient(): Redis {
  const client = new Redis(REDIS_URL!, { maxRetriesPerRequest: 2 });
  closers.push(() => client.quit());
  return client;
}

/**
 * Waits until this process's own earlier publications have come back through the shared channel
 * (Redis and PostgreSQL deliver them to every subscriber, this one included), so a late echo of
 * a setup step cannot clear the cache in the middle of a measurement.
 */
async function settle() {
  const sentinel = uniqueOrgId();
  const remoteCopies = mode === "embedded" ? 1 : 2; // delivered locally at once, then once more via the channel
  await new Promise<void>((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => reject(new Error("the invalidation channel did not echo")), 2_000);
    const stop = onOrgInvalidated((orgId) => {
      if (orgId === sentinel && ++seen === remoteCopies) {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
    void invalidateOrg(sentinel);
  });
}

beforeAll(async () => {
  await invalidationReady();
  ctx = (await signedUpOwner("cache")).ctx;
  const db = await getDb();
  const echo = await createProvider(db, ctx, { name: "Echo", kind: "echo" });
  await publishModel(db, ctx, { publicName: "echo", providerId: echo.id, upstreamModel: "echo-1", kind: "chat" });
  gateway = await startGatewayServer();
});

afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
  await gateway?.close();
});

describe(`the invalidation bus (${mode})`, () => {
  it("delivers invalidateOrg() to this process's handlers, and stops delivering once the handler is removed", async () => {
    const orgId = uniqueOrgId();
    const received: string[] = [];
    const stop = onOrgInvalidated((delivered) => delivered === orgId && received.push(delivered));
    await invalidateOrg(orgId);
    expect(received[0]).toBe(orgId); // locally before publish returns, whatever the channel
    await settle();
    // once locally, plus once through the shared channel when there is one
    expect(received).toEqual(mode === "embedded" ? [orgId] : [orgId, orgId]);
    stop();
    await invalidateOrg(orgId);
    await settle();
    expect(received).toHaveLength(mode === "embedded" ? 1 : 2);
  });

  it.skipIf(mode !== "postgres")("receives pg_notify('gateway_invalidate') sent from a separate PostgreSQL connection within 1 s", async () => {
    const other = await otherPgClient();
    const orgId = uniqueOrgId();
    const delivered = deliveryOf(orgId, 1_000);
    const sentAt = performance.now();
    await other.query("SELECT pg_notify('gateway_invalidate', $1)", [orgId]);
    expect((await delivered) - sentAt).toBeLessThan(1_000);
  });

  it.skipIf(mode !== "redis")(`receives a message published on the Redis channel by a separate client within 1 s`, async () => {
    const other = otherRedisClient();
    await other.ping();
    const orgId = uniqueOrgId();
    const delivered = deliveryOf(orgId, 1_000);
    const sentAt = performance.now();
    const subscribers = await other.publish(CHANNEL, orgId);
    expect(subscribers).toBeGreaterThanOrEqual(1); // this process is subscribed
    expect((await delivered) - sentAt).toBeLessThan(1_000);
  });

  it.skipIf(mode !== "redis")("publishes invalidateOrg() where a separate Redis subscriber receives it", async () => {
    const other = otherRedisClient();
    const orgId = uniqueOrgId();
    const message = new Promise<string>((resolve) => {
      other.on("message", (channel: string, payload: string) => channel === CHANNEL && payload === orgId && resolve(payload));
    });
    await other.subscribe(CHANNEL);
    await invalidateOrg(orgId);
    await expect(Promise.race([message, new Promise((_, reject) => setTimeout(() => reject(new Error("not published")), 1_000))])).resolves.toBe(orgId);
  });

  it.skipIf(mode !== "postgres")("publishes invalidateOrg() where a separate LISTEN connection receives it", async () => {
    const other = await otherPgClient();
    const orgId = uniqueOrgId();
    const message = new Promise<string | undefined>((resolve) => {
      other.on("notification", (notification) => notification.payload === orgId && resolve(notification.payload));
    });
    await other.query("LISTEN gateway_invalidate");
    await invalidateOrg(orgId);
    await expect(Promise.race([message, new Promise((_, reject) => setTimeout(() => reject(new Error("not notified")), 1_000))])).resolves.toBe(orgId);
  });
});

describe(`revoking a cached key from elsewhere (${mode})`, () => {
  /** A key the gateway has used once, so its record sits in the key cache. */
  async function cachedKey() {
    const { key, apiKey } = await createApiKey(await getDb(), ctx, { name: `cached ${randomBytes(3).toString("hex")}`, scopes: ["gateway"], modelAllowlist: [] });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const ask = () => client.chat.completions.create({ model: "echo", messages: [{ role: "user", content: "ping" }] });
    expect((await ask()).choices[0]!.message.content).toBe("Echo: ping");
    await settle();
    return { id: apiKey.id, ask };
  }

  /** Asks until the gateway refuses the key; returns how long that took. */
  async function refusedWithin(ask: () => Promise<unknown>, startedAt: number, limitMs = 1_000): Promise<number> {
    for (;;) {
      const outcome = await ask().then(
        () => "accepted",
        (error: unknown) => error,
      );
      if (outcome !== "accepted") {
        expect(outcome).toMatchObject({ status: 401, code: "api_key_revoked" });
        return performance.now() - startedAt;
      }
      if (performance.now() - startedAt > limitMs) throw new Error(`the revoked key was still accepted after ${limitMs} ms (mode: ${mode})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it.skipIf(mode !== "postgres")("answers 401 api_key_revoked within 1 s of another instance's UPDATE + pg_notify", async () => {
    const { id, ask } = await cachedKey();
    const other = await otherPgClient();
    await other.query(`UPDATE "ApiKey" SET "revokedAt" = now() WHERE id = $1`, [id]);
    // the row alone does not reach the cache: this is what the notification is for
    await expect(ask()).resolves.toBeDefined();
    const sentAt = performance.now();
    await other.query("SELECT pg_notify('gateway_invalidate', $1)", [ctx.org.id]);
    expect(await refusedWithin(ask, sentAt)).toBeLessThan(1_000);
  });

  it.skipIf(mode !== "redis")("answers 401 api_key_revoked within 1 s of another instance's write + Redis publish", async () => {
    const { id, ask } = await cachedKey();
    if (DATABASE_URL) {
      await (await otherPgClient()).query(`UPDATE "ApiKey" SET "revokedAt" = now() WHERE id = $1`, [id]);
    } else {
      await (await getDb()).apiKey.update({ where: { id }, data: { revokedAt: new Date() } }); // embedded: one process owns the database
    }
    await expect(ask()).resolves.toBeDefined();
    const other = otherRedisClient();
    await other.ping();
    const sentAt = performance.now();
    await other.publish(CHANNEL, ctx.org.id);
    expect(await refusedWithin(ask, sentAt)).toBeLessThan(1_000);
  });

  it("answers 401 api_key_revoked right after a direct write followed by invalidateOrg()", async () => {
    const { id, ask } = await cachedKey();
    await (await getDb()).apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await expect(ask()).resolves.toBeDefined(); // cached: the write alone changes nothing
    const sentAt = performance.now();
    await invalidateOrg(ctx.org.id);
    expect(await refusedWithin(ask, sentAt, 200)).toBeLessThan(200);
  });

  it("leaves other orgs' cached keys alone", async () => {
    const { ask } = await cachedKey();
    await invalidateOrg(uniqueOrgId());
    await expect(ask()).resolves.toBeDefined();
  });
});
