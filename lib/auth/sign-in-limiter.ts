import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimitedError } from "@/lib/errors";

/**
 * Brute-force protection for sign-in. Failed attempts are counted per account and per client IP;
 * past either limit, sign-in is refused (even with the right password) until the window passes.
 * With REDIS_URL the counters are shared by every instance; otherwise they live in this process.
 */
const WINDOW_SECONDS = 15 * 60;

type Limiters = { perAccount: RateLimiterAbstract; perIp: RateLimiterAbstract };
let limiters: Limiters | undefined;

function limitFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

async function getLimiters(): Promise<Limiters> {
  if (limiters) return limiters;
  const prefix = process.env.REDIS_KEY_PREFIX ?? "";
  const perAccount = { points: limitFromEnv("SIGN_IN_ACCOUNT_LIMIT", 5), duration: WINDOW_SECONDS, keyPrefix: `${prefix}signin:acct` };
  const perIp = { points: limitFromEnv("SIGN_IN_IP_LIMIT", 50), duration: WINDOW_SECONDS, keyPrefix: `${prefix}signin:ip` };
  if (process.env.REDIS_URL) {
    const { Redis } = await import("ioredis");
    const storeClient = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    storeClient.on("error", () => {}); // reported through the insurance limiter taking over
    limiters = {
      perAccount: new RateLimiterRedis({ storeClient, ...perAccount, insuranceLimiter: new RateLimiterMemory(perAccount) }),
      perIp: new RateLimiterRedis({ storeClient, ...perIp, insuranceLimiter: new RateLimiterMemory(perIp) }),
    };
  } else {
    limiters = { perAccount: new RateLimiterMemory(perAccount), perIp: new RateLimiterMemory(perIp) };
  }
  return limiters;
}

const TOO_MANY = "Too many failed sign-in attempts. Wait a few minutes and try again.";

/** Throws RateLimitedError when this account or IP has used up its failed attempts. */
export async function assertSignInAllowed(email: string, ip: string): Promise<void> {
  const { perAccount, perIp } = await getLimiters();
  const [account, client] = await Promise.all([perAccount.get(email), perIp.get(ip)]);
  for (const [res, limiter] of [[account, perAccount], [client, perIp]] as const) {
    if (res && res.consumedPoints >= limiter.points) {
      throw new RateLimitedError(TOO_MANY, Math.ceil(res.msBeforeNext / 1000));
    }
  }
}

export async function recordFailedSignIn(email: string, ip: string): Promise<void> {
  const { perAccount, perIp } = await getLimiters();
  await Promise.all([perAccount.penalty(email, 1), perIp.penalty(ip, 1)]).catch((error: unknown) => {
    if (!(error instanceof RateLimiterRes)) throw error;
  });
}

export async function clearFailedSignIns(email: string): Promise<void> {
  const { perAccount } = await getLimiters();
  await perAccount.delete(email);
}

/** For tests: forget every counter and re-read the limits from env. */
export function resetSignInLimiters(): void {
  limiters = undefined;
}
