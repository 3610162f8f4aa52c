/**
 * Redis goes away under a running gateway process (its Redis connections run through a proxy the
 * test cuts). Requests keep being served, with limits counted in the instance's memory, and the
 * logs and /api/health say so; a key revoked meanwhile still stops within about a second, because
 * without the invalidation channel cached entries are re-read every second.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidateOrg } from "@/lib/cache/invalidation";
import { revokeApiKey } from "@/lib/keys/key-service";
import { startGatewayProcess, type GatewayProcess } from "../fixtures/gateway-process";
import { startTcpFaultProxy, targetOf, throughProxy, type TcpFaultProxy } from "../fixtures/tcp-fault-proxy";
import { chat, eventually, needsPostgres, processWorld } from "./process-world";

type Health = { status: string; limits: { backend: string; shared: boolean; note?: string } };

describe.skipIf(needsPostgres || !process.env.REDIS_URL)("Redis goes away under a running gateway", () => {
  let world: Awaited<ReturnType<typeof processWorld>>;
  let proxy: TcpFaultProxy;
  let gateway: GatewayProcess;
  const health = async () => (await (await fetch(`${gateway.url}/api/health`)).json()) as Health;

  beforeAll(async () => {
    world = await processWorld("redis-outage");
    proxy = await startTcpFaultProxy(targetOf(process.env.REDIS_URL!));
    gateway = await startGatewayProcess({ REDIS_URL: throughProxy(process.env.REDIS_URL!, proxy) });
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    await proxy?.close();
  });

  it("serves on per-instance counters, says so in logs and health, and shares them again when Redis is back", async () => {
    const { apiKey, key } = await world.newKey("limited app");
    await world.db.apiKey.update({ where: { id: apiKey.id }, data: { requestsPerMinute: 1_000 } });
    await invalidateOrg(world.ctx.org.id);
    const { apiKey: doomed, key: doomedKey } = await world.newKey("revoked during the outage");
    expect((await chat(gateway.url, key)).complete).toBe(true);
    expect((await chat(gateway.url, doomedKey)).complete).toBe(true); // cached on the instance
    expect(await health()).toMatchObject({ status: "ok", limits: { backend: "redis", shared: true } });

    proxy.cut();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => chat(gateway.url, key, { stream: i % 2 === 0 })));
    expect(answers.filter((answer) => answer.complete)).toHaveLength(30);
    expect(answers.every((answer) => answer.body.length > 0)).toBe(true);
    await gateway.waitForOutput(/\[limits\] Redis is unavailable.*counted in this instance's memory/);
    await gateway.waitForOutput(/\[cache\] invalidation through Redis is down/);
    expect(await health()).toMatchObject({ status: "degraded", limits: { backend: "redis", shared: false, note: expect.stringMatching(/per instance/) } });

    // The revocation's message cannot reach this instance; its short trust in the cache must.
    await revokeApiKey(world.db, world.ctx, doomed.id);
    const refusedAfterMs = await eventually("the revoked key is refused without the channel", async () => (await chat(gateway.url, doomedKey)).status === 401, 3_000);

    proxy.restore();
    await eventually("limits are shared again", async () => (await health()).limits.shared, 20_000);
    await gateway.waitForOutput(/\[limits\] Redis is back/);
    expect((await chat(gateway.url, key)).complete).toBe(true);
    console.info(
      `Redis outage: 30 of 30 requests served on per-instance counters; health degraded, then shared again; ` +
        `a key revoked during the outage refused after ${Math.round(refusedAfterMs)} ms`,
    );
  });
});
