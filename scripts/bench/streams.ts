/**
 * Streaming measurements: time to first token through a gateway against the mock directly, and
 * thousands of long streams held at once (the server's memory, and whether any stream stalled).
 */
import { Pool } from "undici";
import { coreTimes, cpuSeconds, rssMb } from "./processes";
import { nowMs, summarize, type Summary } from "./stats";
import type { Call } from "./targets";

const EXPECTED_TEXT = Array.from({ length: 64 }, (_, i) => `tok${i + 1} `).join("");

type StreamCheck = { ttft: number | null; problem: string | null };

/**
 * One stream, start to [DONE]. `firstToken` settles when its first content chunk arrives (or it
 * ends without one); `done` once the whole text, the usage chunk and [DONE] have been checked.
 */
function oneStream(pool: Pool, call: Call): { firstToken: Promise<void>; done: Promise<StreamCheck> } {
  let firstToken!: () => void;
  const first = new Promise<void>((resolve) => (firstToken = resolve));
  const done = (async (): Promise<StreamCheck> => {
    const started = nowMs();
    let ttft: number | null = null;
    try {
      const response = await pool.request({ method: "POST", path: call.path, headers: call.headers, body: call.body });
      if (response.statusCode !== 200) return { ttft, problem: `status ${response.statusCode}: ${(await response.body.text()).slice(0, 200)}` };
      let pending = "";
      let text = "";
      let usage = false;
      let doneSeen = false;
      for await (const piece of response.body) {
        pending += piece.toString();
        let end: number;
        while ((end = pending.indexOf("\n\n")) !== -1) {
          const event = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const data = event.split("\n").find((line) => line.startsWith("data:"))?.slice(5).trim();
          if (!data) continue;
          if (data === "[DONE]") {
            doneSeen = true;
            continue;
          }
          const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string } }[]; usage?: unknown };
          const content = chunk.choices?.[0]?.delta?.content;
          if (content) {
            if (ttft === null) {
              ttft = nowMs() - started;
              firstToken();
            }
            text += content;
          }
          if (chunk.usage) usage = true;
        }
      }
      if (!doneSeen) return { ttft, problem: "no [DONE]" };
      if (text !== EXPECTED_TEXT) return { ttft, problem: `content differs from the mock's (${text.length} of ${EXPECTED_TEXT.length} chars)` };
      if (!usage) return { ttft, problem: "no usage chunk although stream_options.include_usage was set" };
      return { ttft, problem: null };
    } catch (error) {
      return { ttft, problem: (error as Error).message };
    } finally {
      firstToken();
    }
  })();
  return { firstToken: first, done };
}

export type Ttft = { direct: Summary; gateway: Summary; problems: string[] };

/**
 * Pairs of streams (mock directly, then through the gateway), started one after another: each
 * starts once the one before has delivered its first token, so no two time-to-first-token
 * measurements overlap. Every stream is read to its end and checked; the tails of at most
 * `maxPairsInFlight` earlier pairs still flow meanwhile, as a gateway always serves other streams
 * (reading each 1.3 s stream to the end before starting the next would take 20 times longer).
 */
export async function ttftPairs(direct: Call, viaGateway: Call, pairs: number, warmup: number, maxPairsInFlight = 8): Promise<Ttft> {
  const directPool = new Pool(direct.origin, { connections: maxPairsInFlight + 1 });
  const gatewayPool = new Pool(viaGateway.origin, { connections: maxPairsInFlight + 1 });
  const directMs: number[] = [];
  const gatewayMs: number[] = [];
  const problems: string[] = [];
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < warmup + pairs; i++) {
    while (inFlight.size >= maxPairsInFlight) await Promise.race(inFlight);
    const d = oneStream(directPool, direct);
    await d.firstToken;
    const g = oneStream(gatewayPool, viaGateway);
    await g.firstToken;
    const measured = i >= warmup;
    const pair = Promise.all([d.done, g.done]).then(([dr, gr]) => {
      if (dr.problem) problems.push(`direct: ${dr.problem}`);
      if (gr.problem) problems.push(`gateway: ${gr.problem}`);
      if (measured && dr.ttft !== null && !dr.problem) directMs.push(dr.ttft);
      if (measured && gr.ttft !== null && !gr.problem) gatewayMs.push(gr.ttft);
    });
    inFlight.add(pair);
    void pair.then(() => inFlight.delete(pair));
  }
  await Promise.all(inFlight);
  await Promise.all([directPool.destroy(), gatewayPool.destroy()]);
  return { direct: summarize(directMs), gateway: summarize(gatewayMs), problems };
}

export type Held = {
  k: number;
  rssBeforeMb: number | null;
  /** The most streams receiving at the same time (K when all were held at once), and the highest RSS sampled then. */
  peakOpen: number;
  rssPeakMb: number | null;
  /** (RSS at the peak − RSS before) per 1,000 streams open at the peak. */
  mbPer1000: number | null;
  /**
   * The lowest RSS sampled while the streams ran. Below `rssBeforeMb`, a collection freed garbage that was
   * in the reading before (an earlier section's), and `mbPer1000` understates what the streams took.
   */
  rssLowestMb: number | null;
  /** How long all K were open at the same time. */
  heldAllSeconds: number;
  completed: number;
  stalled: number;
  maxGapMs: number;
  maxFirstChunkMs: number;
  /** CPU use of the server (1.0 = one core) and how busy core 1 (load generator and mock) was, over the whole run. */
  serverCpu: number;
  loadCoreBusy: number;
  problems: string[];
};

/**
 * Opens `k` long streams at `openPerSecond` (one connection each), keeps reading them all, and
 * samples the server's RSS every 200 ms with the number of streams open. A stream stalls if more
 * than `stallMs` pass before its first piece of body or between two pieces; it completes if it
 * ends with [DONE].
 */
export async function holdStreams(call: Call, k: number, openPerSecond: number, serverPid: number, stallMs = 3000): Promise<Held> {
  const pool = new Pool(call.origin, { connections: k, pipelining: 1, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const rssBeforeMb = rssMb(serverPid);
  let open = 0; // streams that have received their first piece and not ended yet
  let peakOpen = 0;
  let rssPeakMb: number | null = null;
  let rssLowestMb: number | null = null;
  let allOpenSince: number | null = null;
  let heldAllMs = 0;
  let maxGapMs = 0;
  let maxFirstChunkMs = 0;
  let stalled = 0;
  let completed = 0;
  const problems = new Map<string, number>();
  const problem = (message: string) => problems.set(message, (problems.get(message) ?? 0) + 1);
  const sample = () => {
    const rss = rssMb(serverPid);
    if (rss === null) return;
    rssLowestMb = Math.min(rss, rssLowestMb ?? rss);
    if (open > peakOpen || (open === peakOpen && rss > (rssPeakMb ?? 0))) [peakOpen, rssPeakMb] = [open, rss];
  };
  const sampler = setInterval(sample, 200);

  const stream = async () => {
    const started = nowMs();
    let last = started;
    let gap = 0;
    let firstWait = Number.POSITIVE_INFINITY;
    let tail = "";
    try {
      const response = await pool.request({ method: "POST", path: call.path, headers: call.headers, body: call.body });
      if (response.statusCode !== 200) {
        problem(`status ${response.statusCode}: ${(await response.body.text()).slice(0, 160)}`);
        return;
      }
      for await (const piece of response.body) {
        const now = nowMs();
        if (firstWait === Number.POSITIVE_INFINITY) {
          firstWait = now - started;
          maxFirstChunkMs = Math.max(maxFirstChunkMs, firstWait);
          if (++open === k) {
            allOpenSince = now;
            sample();
          }
        } else {
          gap = Math.max(gap, now - last);
        }
        last = now;
        tail = (tail + piece.toString()).slice(-64);
      }
      if (tail.trimEnd().endsWith("data: [DONE]")) completed++;
      else problem("ended without [DONE]");
    } catch (error) {
      problem((error as Error).message);
    } finally {
      if (firstWait !== Number.POSITIVE_INFINITY && open-- === k) heldAllMs += nowMs() - allOpenSince!;
      maxGapMs = Math.max(maxGapMs, gap);
      // A stream that waited too long for its first chunk (or never got one) stalled as much as one that went quiet later.
      if (gap > stallMs || firstWait > stallMs) stalled++;
    }
  };

  const started = nowMs();
  const cpuBefore = cpuSeconds(serverPid);
  const coreBefore = coreTimes(1);
  const running: Promise<void>[] = [];
  for (let i = 0; i < k; i++) {
    const due = started + (i * 1000) / openPerSecond;
    const wait = due - nowMs();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(stream());
  }
  await Promise.all(running);
  const elapsed = (nowMs() - started) / 1000;
  const coreAfter = coreTimes(1);
  const serverCpu = (cpuSeconds(serverPid) - cpuBefore) / elapsed;
  clearInterval(sampler);
  await pool.destroy();
  return {
    k,
    rssBeforeMb,
    peakOpen,
    rssPeakMb,
    mbPer1000: rssPeakMb !== null && rssBeforeMb !== null && peakOpen > 0 ? ((rssPeakMb - rssBeforeMb) / peakOpen) * 1000 : null,
    rssLowestMb,
    heldAllSeconds: heldAllMs / 1000,
    completed,
    stalled,
    maxGapMs,
    maxFirstChunkMs,
    serverCpu,
    loadCoreBusy: (coreAfter.busy - coreBefore.busy) / (coreAfter.total - coreBefore.total),
    problems: [...problems].map(([message, count]) => `${count} × ${message}`),
  };
}
