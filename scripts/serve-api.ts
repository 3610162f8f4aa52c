// The API alone (`npm run serve:api`): /v1, /mcp, the management API /api/v1 and /api/health on
// plain node:http, with no dashboard and no build step. For a fleet of gateway instances behind a
// load balancer, beside one or more `npm start` instances that serve the dashboard; all share
// DATABASE_URL (and REDIS_URL for shared limits and instant invalidation).
import { startRetentionPurge } from "@/lib/audit/chain/retention-schedule";
import { startUsageMetering } from "@/lib/billing/meter-schedule";
import { assertConfiguration } from "@/lib/config-checks";
import { startDatabaseMonitor } from "@/lib/db/availability";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { drainOnShutdown, handleShutdownSignals } from "@/lib/shutdown";

assertConfiguration();
handleShutdownSignals();
try {
  await getDb(); // connects and applies migrations before the port opens
} catch (error) {
  // Keep starting: /api/health reports the outage and requests get 503 until the database answers.
  console.error(`[startup] database not ready: ${(error as Error).message}`);
}
startDatabaseMonitor();
startRetentionPurge();
startUsageMetering();

const { server, url } = await startGatewayServer(Number(process.env.PORT ?? 3000), process.env.HOSTNAME ?? "0.0.0.0");
drainOnShutdown(server);
console.info(`[server] API listening on ${url}: /v1, /mcp, /api/v1 and /api/health`);
