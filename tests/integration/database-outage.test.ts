/**
 * The database goes away under a running gateway process (its connection runs through a proxy
 * the test cuts or slows; the real PostgreSQL is untouched), in both outage modes
 * (lib/db/availability.ts). Counts are printed so the CI log shows what happened.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayProcess, type GatewayProcess } from "../fixtures/gateway-process";
import { startTcpFaultProxy, targetOf, throughProxy, type TcpFaultProxy } from "../fixtures/tcp-fault-proxy";
import { auditRowsFor, chat, eventually, needsPostgres, processWorld } from "./process-world";

type World = Awaited<ReturnType<typeof processWorld>>;

// Fast detection, so the test spends its time on traffic rather than on waiting.
const FAST_PROBES = { DATABASE_PROBE_INTERVAL_MS: "200", DATABASE_TIMEOUT_MS: "1000", AUDIT_FLUSH_INTERVAL_MS: "200" };

const health = async (gateway: GatewayProcess) => {
  const response = await fetch(`${gateway.url}/api/health`);
  return { status: response.status, body: (await response.json()) as { status: string; database: { status: string; outageMode: string }; audit: { pendingRows: number } } };
};

describe.skipIf(needsPostgres)("the database goes away under a running gateway", () => {
  let world: World;
  let proxy: TcpFaultProxy;
  const gateways: GatewayProcess[] = [];

  beforeAll(async () => {
    world = await processWorld("db-outage");
    proxy = await startTcpFaultProxy(targetOf(process.env.DATABASE_URL!));
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await proxy?.close();
  });

  const startBehindProxy = async (env: Record<string, string>) => {
    proxy.restore();
    const gateway = await startGatewayProcess({ ...FAST_PROBES, DATABASE_URL: throughProxy(process.env.DATABASE_URL!, proxy), ...env });
    gateways.push(gateway);
    return gateway;
  };

  it("fails closed by default: every request is refused with 503 database_unavailable, in each protocol, until the database is back", async () => {
    const gateway = await startBehindProxy({});
    const { key } = await world.newKey("fail-closed app", ["gateway", "mcp", "admin"]);
    const before = await chat(gateway.url, key);
    expect(before.complete).toBe(true);

    proxy.cut();
    await eventually("the gateway notices", async () => (await chat(gateway.url, key)).status === 503);
    const refused = await Promise.all(Array.from({ length: 20 }, (_, i) => chat(gateway.url, key, { stream: i % 2 === 0 })));
    expect(refused.map((answer) => answer.status)).toEqual(Array(20).fill(503));
    expect(JSON.parse(refused[0]!.body)).toEqual({
      error: { message: expect.stringMatching(/cannot reach its database/), type: "server_error", code: "database_unavailable", param: null },
    });
    // MCP callers get a JSON-RPC error; management API callers its error JSON.
    const mcp = await fetch(`${gateway.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(mcp.status).toBe(503);
    expect(await mcp.json()).toMatchObject({ jsonrpc: "2.0", error: { message: expect.stringMatching(/database/) } });
    const management = await fetch(`${gateway.url}/api/v1/keys`, { headers: { authorization: `Bearer ${key}` } });
    expect(management.status).toBe(503);
    expect(await management.json()).toMatchObject({ error: { code: "database_unavailable" } });
    expect(await health(gateway)).toMatchObject({ status: 503, body: { status: "error", database: { status: "down", outageMode: "fail_closed" } } });
    expect(gateway.output()).toMatch(/\[db\] the database is unavailable .*DATABASE_OUTAGE_MODE=fail_closed/);

    proxy.restore();
    await eventually("the gateway serves again", async () => (await chat(gateway.url, key)).complete);
    const after = await chat(gateway.url, key);
    await eventually("the rows of the answered requests are written", async () => (await auditRowsFor([before.requestId!, after.requestId!])) === 2);
    console.info(`database outage, fail_closed: ${refused.length} requests during the outage, ${refused.length} refused with 503; answered requests before and after recorded`);
  });

  it("serves cached keys and policies with serve_cached, holds their audit rows, and writes every one when the database returns", async () => {
    const gateway = await startBehindProxy({ DATABASE_OUTAGE_MODE: "serve_cached" });
    const { key: warm } = await world.newKey("warm app");
    const { key: cold } = await world.newKey("cold app");
    expect((await chat(gateway.url, warm)).complete).toBe(true); // caches the key and the org

    proxy.cut();
    await eventually("the gateway notices", async () => (await health(gateway)).body.database.status === "down");
    const answers = [];
    for (let batch = 0; batch < 5; batch++) {
      answers.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => chat(gateway.url, warm, { stream: i % 2 === 0, prompt: `outage ${batch}.${i}` })))));
    }
    const served = answers.filter((answer) => answer.complete);
    expect(served).toHaveLength(answers.length);
    const uncached = await chat(gateway.url, cold);
    expect(uncached.status).toBe(503);
    expect(JSON.parse(uncached.body).error.code).toBe("database_unavailable");
    const during = await health(gateway);
    expect(during).toMatchObject({ status: 200, body: { status: "degraded", database: { status: "down", outageMode: "serve_cached" } } });
    expect(during.body.audit.pendingRows).toBeGreaterThanOrEqual(served.length);
    expect(await auditRowsFor(served.map((answer) => answer.requestId!))).toBe(0);

    proxy.restore();
    const ids = served.map((answer) => answer.requestId!);
    const waitedMs = await eventually("every held row is written", async () => (await auditRowsFor(ids)) === ids.length, 20_000);
    expect((await health(gateway)).body).toMatchObject({ status: "ok", audit: { pendingRows: 0 } });
    console.info(
      `database outage, serve_cached: ${answers.length} requests with a cached key, ${served.length} served; uncached key refused (503); ` +
        `${ids.length} of ${ids.length} audit rows written ${Math.round(waitedMs)} ms after the database returned`,
    );
  });

  it("treats a database slower than its deadline as down: a request that needs it gets a 503, not a hang", async () => {
    const gateway = await startBehindProxy({});
    const { key: cold } = await world.newKey("slow-db app");
    proxy.slow(5_000);
    const answer = await chat(gateway.url, cold, { signal: AbortSignal.timeout(4_000) });
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body).error.code).toBe("database_unavailable");
    proxy.restore();
    await eventually("the gateway serves again once the database is fast", async () => (await chat(gateway.url, cold)).complete, 20_000);
  });
});
