// The production server (lib/server/production-server.ts): `npm run serve` after `npm run build`.
import { assertConfiguration } from "@/lib/config-checks";
import { startProductionServer } from "@/lib/server/production-server";

// Before the port opens: Next only logs what its instrumentation hook throws.
assertConfiguration();

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";
const { url } = await startProductionServer({ port, hostname });
console.info(`[server] listening on ${url}: /v1 and /mcp served directly, everything else by Next`);
