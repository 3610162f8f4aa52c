import type { Db } from "@/lib/db/client";

/**
 * `GET /api/health`: 200 when the database answers, 503 when it does not, with its status either
 * way, for load balancers and uptime checks. The error text never includes the connection string.
 */
export function createHealthHandler(connect: () => Promise<Db>, timeoutMs = 3000) {
  return async function health(): Promise<Response> {
    const started = performance.now();
    try {
      const db = await withTimeout(connect(), timeoutMs);
      await withTimeout(db.$queryRaw`SELECT 1`, timeoutMs);
      const latencyMs = Math.round(performance.now() - started);
      return Response.json({ status: "ok", database: { status: "up", latencyMs } }, { headers: noStore });
    } catch (error) {
      return Response.json(
        { status: "error", database: { status: "down", error: describe(error) } },
        { status: 503, headers: noStore },
      );
    }
  };
}

const noStore = { "cache-control": "no-store" };

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/[a-z]+:\/\/[^\s]+/gi, "<url>").slice(0, 200);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
