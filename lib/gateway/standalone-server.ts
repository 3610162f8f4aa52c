import { createServer, IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { getDb } from "@/lib/db/client";
import { type NodeConnection, registerClientConnection } from "@/lib/http/client-connection";
import { createHealthHandler } from "@/lib/health/health-check";
import { managementFetch } from "@/lib/management-api/router";
import { handleMcpRequest } from "@/lib/mcp/mcp-endpoint";
import { gatewaySecurityHeaders } from "@/lib/security/security-headers";
import { listen } from "@/lib/server/listen";
import { securityHeadersResponse } from "@/lib/server/security-headers-response";
import { gatewayFetch } from "./router";

const health = createHealthHandler(getDb);

/**
 * `/api/v1` is the management API, `/mcp` the MCP endpoint, `/api/health` the health check;
 * everything else is the gateway's `/v1`. On a node:http mount (`bindings`), the request's
 * connection is registered so the handlers hear a client leave without request.signal
 * (lib/http/client-connection.ts).
 */
export function apiFetch(request: Request, bindings?: NodeConnection): Promise<Response> {
  if (bindings?.outgoing) registerClientConnection(request, bindings);
  const path = new URL(request.url).pathname;
  if (path.startsWith("/api/v1/")) return managementFetch(request);
  if (path === "/api/health") return health();
  if (path === "/mcp") return handleMcpRequest(request);
  return gatewayFetch(request, path);
}

/**
 * Serves the API on a plain node:http server (Hono's Node adapter turns it into fetch calls), every
 * answer with the gateway's security headers, as the production server adds them to /v1 and /mcp.
 */
export async function startGatewayServer(port = 0, host = "127.0.0.1"): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const listener = getRequestListener(apiFetch);
  const ServerResponse = securityHeadersResponse(gatewaySecurityHeaders());
  const server = createServer({ IncomingMessage, ServerResponse }, (req, res) => {
    res.addSecurityHeaders = true;
    return listener(req, res);
  });
  // Long streams must not be cut by Node's defaults; slow clients are bounded by the upstream timeouts.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  await listen(server, port, host);
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
