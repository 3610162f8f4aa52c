/**
 * Tells every instance that an org's keys, providers or catalog changed, so their in-process
 * caches drop it: Redis pub/sub when REDIS_URL is set, else PostgreSQL LISTEN/NOTIFY when
 * DATABASE_URL is set, else (the embedded single process) only this process.
 *
 * While the channel is down, messages from other instances may be missed, so `channelLive()`
 * turns false and the caches hold entries for a second at most (lib/gateway/gateway-cache.ts);
 * when it is back, every cached org is dropped (`ALL_ORGS`), since what was missed is unknown.
 */
import { EventEmitter } from "node:events";

const CHANNEL = "gateway_invalidate";
/** Delivered instead of an org id: drop everything. */
export const ALL_ORGS = "*";
const RECONNECT_MS = 1_000;

type Bus = { local: EventEmitter; publish(orgId: string): Promise<void>; ready: Promise<void>; live: boolean };
const globalForBus = globalThis as unknown as { invalidationBus?: Bus };

function bus(): Bus {
  if (globalForBus.invalidationBus) return globalForBus.invalidationBus;
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const deliver = (orgId: string) => local.emit("invalidate", orgId);
  let publish = async (orgId: string): Promise<void> => {
    deliver(orgId);
  };
  const state: Bus = { local, ready: Promise.resolve(), live: true, publish: async () => {} };
  const wentDown = (channel: string, reason: string) => {
    if (!state.live) return;
    state.live = false;
    console.error(`[cache] invalidation through ${channel} is down (${reason}): cached keys and policies are re-read every second until it is back.`);
  };
  const cameBack = (channel: string) => {
    if (state.live) return;
    state.live = true;
    deliver(ALL_ORGS); // changes made meanwhile were not heard
    console.error(`[cache] invalidation through ${channel} is back: every cached org was dropped.`);
  };

  if (process.env.REDIS_URL) {
    const channel = `${process.env.REDIS_KEY_PREFIX ?? ""}${CHANNEL}`;
    state.ready = import("ioredis").then(async ({ Redis }) => {
      const publisher = new Redis(process.env.REDIS_URL!, { lazyConnect: false, maxRetriesPerRequest: 2 });
      const subscriber = new Redis(process.env.REDIS_URL!); // resubscribes by itself after a reconnect
      publisher.on("error", (error) => console.error(`[cache] redis: ${error.message}`));
      subscriber.on("error", (error) => wentDown("Redis", error.message));
      subscriber.on("close", () => wentDown("Redis", "connection closed"));
      subscriber.on("ready", () => cameBack("Redis"));
      subscriber.on("message", (_channel, orgId: string) => deliver(orgId));
      await subscriber.subscribe(channel);
      publish = async (orgId) => {
        deliver(orgId); // this process at once, whatever Redis does
        await publisher.publish(channel, orgId);
      };
    });
  } else if (process.env.DATABASE_URL) {
    state.ready = import("pg").then(async ({ default: pg }) => {
      // pg does not reconnect a client on its own: on error or end, listen again until it works.
      const listen = async (): Promise<void> => {
        const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
        let retried = false;
        const retry = (reason: string) => {
          if (retried) return;
          retried = true;
          wentDown("PostgreSQL", reason);
          listener.removeAllListeners();
          listener.on("error", () => undefined); // late errors of the abandoned client
          void listener.end().catch(() => undefined);
          setTimeout(() => void listen(), RECONNECT_MS).unref();
        };
        listener.on("error", (error) => retry(error.message));
        listener.on("end", () => retry("connection ended"));
        listener.on("notification", (message) => message.payload && deliver(message.payload));
        try {
          await listener.connect();
          await listener.query(`LISTEN ${CHANNEL}`);
          cameBack("PostgreSQL");
        } catch (error) {
          retry((error as Error).message);
        }
      };
      await listen();
      const notifier = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
      notifier.on("error", (error) => console.error(`[cache] notify connection: ${error.message}`));
      publish = async (orgId) => {
        deliver(orgId);
        await notifier.query("SELECT pg_notify($1, $2)", [CHANNEL, orgId]);
      };
    });
  }
  state.ready = state.ready.catch((error: Error) => wentDown(process.env.REDIS_URL ? "Redis" : "PostgreSQL", error.message));
  state.publish = async (orgId: string) => {
    await state.ready; // until subscribed, `publish` is the local-only one
    await publish(orgId);
  };
  globalForBus.invalidationBus = state;
  return state;
}

/** Call after any change to an org's keys, providers, models or settings. */
export async function invalidateOrg(orgId: string): Promise<void> {
  await bus().publish(orgId);
}

/** Runs `handler` whenever any instance invalidates an org (`ALL_ORGS`: every org). Returns a function that stops it. */
export function onOrgInvalidated(handler: (orgId: string) => void): () => void {
  const { local } = bus();
  local.on("invalidate", handler);
  return () => local.off("invalidate", handler);
}

/** Resolves once this process is subscribed (tests wait on it before measuring). */
export function invalidationReady(): Promise<void> {
  return bus().ready;
}

/** False while changes made on other instances may go unheard. */
export function channelLive(): boolean {
  return bus().live;
}
