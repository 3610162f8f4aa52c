/**
 * Tells every instance that an org's keys, providers or catalog changed, so their in-process
 * caches drop it: Redis pub/sub when REDIS_URL is set, else PostgreSQL LISTEN/NOTIFY when
 * DATABASE_URL is set, else (the embedded single process) only this process.
 */
import { EventEmitter } from "node:events";

const CHANNEL = "gateway_invalidate";

type Bus = { local: EventEmitter; publish(orgId: string): Promise<void>; ready: Promise<void> };
const globalForBus = globalThis as unknown as { invalidationBus?: Bus };

function bus(): Bus {
  if (globalForBus.invalidationBus) return globalForBus.invalidationBus;
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const deliver = (orgId: string) => local.emit("invalidate", orgId);
  let publish = async (orgId: string): Promise<void> => {
    deliver(orgId);
  };
  let ready = Promise.resolve();

  if (process.env.REDIS_URL) {
    const channel = `${process.env.REDIS_KEY_PREFIX ?? ""}${CHANNEL}`;
    ready = import("ioredis").then(async ({ Redis }) => {
      const publisher = new Redis(process.env.REDIS_URL!, { lazyConnect: false, maxRetriesPerRequest: 2 });
      const subscriber = new Redis(process.env.REDIS_URL!);
      for (const client of [publisher, subscriber]) client.on("error", (error) => console.error(`[cache] redis: ${error.message}`));
      subscriber.on("message", (_channel, orgId: string) => deliver(orgId));
      await subscriber.subscribe(channel);
      publish = async (orgId) => {
        deliver(orgId); // this process at once, whatever Redis does
        await publisher.publish(channel, orgId);
      };
    });
  } else if (process.env.DATABASE_URL) {
    ready = import("pg").then(async ({ default: pg }) => {
      const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
      listener.on("error", (error) => console.error(`[cache] listen connection: ${error.message}`));
      listener.on("notification", (message) => message.payload && deliver(message.payload));
      await listener.connect();
      await listener.query(`LISTEN ${CHANNEL}`);
      const notifier = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
      publish = async (orgId) => {
        deliver(orgId);
        await notifier.query("SELECT pg_notify($1, $2)", [CHANNEL, orgId]);
      };
    });
  }
  ready = ready.catch((error: Error) => console.error(`[cache] invalidation across instances is off: ${error.message}`));
  const publishWhenReady = async (orgId: string) => {
    await ready; // until subscribed, `publish` is the local-only one
    await publish(orgId);
  };
  globalForBus.invalidationBus = { local, ready, publish: publishWhenReady };
  return globalForBus.invalidationBus;
}

/** Call after any change to an org's keys, providers, models or settings. */
export async function invalidateOrg(orgId: string): Promise<void> {
  await bus().publish(orgId);
}

/** Runs `handler` whenever any instance invalidates an org. Returns a function that stops it. */
export function onOrgInvalidated(handler: (orgId: string) => void): () => void {
  const { local } = bus();
  local.on("invalidate", handler);
  return () => local.off("invalidate", handler);
}

/** Resolves once this process is subscribed (tests wait on it before measuring). */
export function invalidationReady(): Promise<void> {
  return bus().ready;
}
