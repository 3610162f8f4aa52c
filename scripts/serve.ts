// The production server (lib/server/production-server.ts): `npm run serve` after `npm run build`.
import { resolveAuthSecret } from "@/lib/auth/auth-secret";
import { billingConfig } from "@/lib/billing/billing-config";
import { assertMasterKey } from "@/lib/crypto/secret-box";
import { startProductionServer } from "@/lib/server/production-server";

// Configuration mistakes stop the boot here, before the port opens (Next only logs them).
resolveAuthSecret();
assertMasterKey();
billingConfig();

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";
const { url } = await startProductionServer({ port, hostname });
console.info(`[server] listening on ${url}: /v1 and /mcp served directly, everything else by Next`);
