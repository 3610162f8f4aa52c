/**
 * Stopping a gateway process under load loses no audit row: SIGTERM drains the requests in flight
 * (long streams included) and writes the buffer; with AUDIT_SYNC=true even SIGKILL loses none of
 * the requests whose answers went out. Rows are counted against the answers the clients received.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayProcess, type GatewayProcess } from "../fixtures/gateway-process";
import { startMockRoutingUpstream, type MockRoutingUpstream } from "../fixtures/mock-routing-upstream";
import { auditRowsFor, chat, type ChatAnswer, needsPostgres, processWorld } from "./process-world";

type World = Awaited<ReturnType<typeof processWorld>>;

/** Twenty words: a stream of about twenty chunks. */
const LONG_PROMPT = Array.from({ length: 20 }, (_, i) => `word${i}`).join(" ");

/** Clients sending requests one after another, alternating plain and streamed, until told to stop. */
function steadyClients(count: number, send: (stream: boolean) => Promise<ChatAnswer>) {
  const answers: ChatAnswer[] = [];
  let running = true;
  const loops = Array.from({ length: count }, async (_, client) => {
    for (let i = 0; running; i++) {
      const answer = await send((i + client) % 2 === 0);
      answers.push(answer);
      if (answer.status === 0) await new Promise((resolve) => setTimeout(resolve, 20)); // refused: the server is going
    }
  });
  return {
    answers,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

const summary = (answers: ChatAnswer[]) => ({
  sent: answers.length,
  complete: answers.filter((answer) => answer.complete).length,
  cut: answers.filter((answer) => answer.status === 200 && !answer.complete).length,
  refused: answers.filter((answer) => answer.status === 0).length,
  other: answers.filter((answer) => answer.status !== 0 && answer.status !== 200).length,
});

describe.skipIf(needsPostgres)("stopping a gateway under load", () => {
  let world: World;
  let upstream: MockRoutingUpstream;
  const gateways: GatewayProcess[] = [];

  beforeAll(async () => {
    upstream = await startMockRoutingUpstream("slow");
    upstream.setDefault({ kind: "ok", chunkDelayMs: 40 });
    world = await processWorld("shutdown", { baseUrl: upstream.url, model: "slow" });
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await upstream?.close();
  });

  it("drains requests in flight on SIGTERM, then writes every buffered audit row before it exits", async () => {
    // Rows stay in the buffer until shutdown: only the drain can write them.
    const gateway = await startGatewayProcess({ AUDIT_FLUSH_INTERVAL_MS: "600000" });
    gateways.push(gateway);
    const { key } = await world.newKey("drained app");
    const longStreams = Array.from({ length: 20 }, () => chat(gateway.url, key, { model: "slow", stream: true, prompt: LONG_PROMPT }));
    const steady = steadyClients(4, (stream) => chat(gateway.url, key, { model: "slow", stream, prompt: "short one" }));
    await new Promise((resolve) => setTimeout(resolve, 400)); // the long streams are under way

    gateway.child.kill("SIGTERM");
    const exit = await gateway.exited;
    await steady.stop();
    const answers = [...(await Promise.all(longStreams)), ...steady.answers];

    const counts = summary(answers);
    const answered = answers.filter((answer) => answer.complete).map((answer) => answer.requestId!);
    const rows = await auditRowsFor(answered);
    console.info(
      `SIGTERM under load: ${counts.sent} requests, ${counts.complete} answered in full (20 long streams in flight at the signal), ` +
        `${counts.cut} cut, ${counts.refused} refused after the signal, ${counts.other} other; ${rows} of ${answered.length} audit rows written; exit code ${exit.code}`,
    );
    expect(exit).toEqual({ code: 0, signal: null });
    expect(counts.cut).toBe(0);
    expect(counts.other).toBe(0);
    expect((await Promise.all(longStreams)).every((answer) => answer.complete)).toBe(true);
    expect(rows).toBe(answered.length);
    expect(gateway.output()).toMatch(/\[shutdown\] SIGTERM: no new connections; \d+ request\(s\) in flight/);
  });

  it("loses no answered request's audit row on SIGKILL with AUDIT_SYNC=true", async () => {
    const gateway = await startGatewayProcess({ AUDIT_SYNC: "true" });
    gateways.push(gateway);
    const { key } = await world.newKey("sync app");
    upstream.setDefault({ kind: "ok", chunkDelayMs: 5 });
    const steady = steadyClients(6, (stream) => chat(gateway.url, key, { model: "slow", stream, prompt: "count me in" }));
    while (steady.answers.filter((answer) => answer.complete).length < 60) await new Promise((resolve) => setTimeout(resolve, 20));

    gateway.child.kill("SIGKILL");
    await gateway.exited;
    await steady.stop();

    const counts = summary(steady.answers);
    const answered = steady.answers.filter((answer) => answer.complete).map((answer) => answer.requestId!);
    const rows = await auditRowsFor(answered);
    console.info(`SIGKILL with AUDIT_SYNC=true: ${counts.sent} requests, ${counts.complete} answered in full, ${counts.cut} cut by the kill; ${rows} of ${answered.length} audit rows written`);
    expect(answered.length).toBeGreaterThanOrEqual(60);
    expect(rows).toBe(answered.length);
  });
});
