import { createServer, IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import next from "next";
import { apiFetch } from "@/lib/gateway/standalone-server";
import { gatewaySecurityHeaders } from "@/lib/security/security-headers";
import { drainOnShutdown } from "@/lib/shutdown";
import { listen } from "./listen";
import { securityHeadersResponse } from "./security-headers-response";

/**
 * The production server: one port, two mounts. `/v1/*` and `/mcp` go straight to the gateway's
 * web-standard handlers (the same functions app/v1 and app/mcp export for `next dev` and other
 * hosts); everything else (the dashboard, Auth.js, the management API) goes to Next. On this
 * hardware Next's router costs far more than the gateway's own work, so the hot path skips it.
 */
export function isGatewayPath(url: string): boolean {
  const path = url.split("?", 1)[0]!;
  return path.startsWith("/v1/") || path === "/mcp";
}

export async function startProductionServer(options: { port: number; hostname: string }): Promise<{ server: Server; url: string }> {
  const app = next({ dev: false, hostname: options.hostname, port: options.port });
  const nextHandler = app.getRequestHandler();
  await app.prepare();
  // The standalone server's dispatch (only /v1 and /mcp reach it here). Hono's adapter turns node:http
  // requests into web Requests, and apiFetch registers each one's connection, where a client's hang-up is
  // heard (lib/http/client-connection.ts).
  const gatewayListener = getRequestListener(apiFetch);
  // Next's headers and proxy never see these paths: their answers get the gateway's security headers here.
  const ServerResponse = securityHeadersResponse(gatewaySecurityHeaders());
  const server = createServer({ IncomingMessage, ServerResponse }, (req, res) => {
    if (isGatewayPath(req.url ?? "/")) {
      res.addSecurityHeaders = true;
      return void gatewayListener(req, res);
    }
    void nextHandler(req, res);
  });
  // Long streams must not be cut by Node's defaults; slow clients are bounded by the upstream timeouts.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  drainOnShutdown(server); // SIGTERM lets requests in flight finish, then writes the audit buffer
  await listen(server, options.port, options.hostname);
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://${options.hostname === "0.0.0.0" ? "localhost" : options.hostname}:${port}` };
}
