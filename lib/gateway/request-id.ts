import { randomFillSync } from "node:crypto";

const ID_BYTES = 12;
const POOL_IDS = 512;
const pool = Buffer.alloc(ID_BYTES * POOL_IDS);
let next = POOL_IDS;

/**
 * A request id: `req_` and 96 random bits, base64url. The randomness is drawn from the system
 * in pools of a few kilobytes (as Node's own randomUUID does): one call per request to the
 * system's random source cost more than the rest of building the request's context.
 */
export function newRequestId(): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const start = next++ * ID_BYTES;
  return `req_${pool.toString("base64url", start, start + ID_BYTES)}`;
}
