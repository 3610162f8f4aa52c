import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { managementFetch } from "@/lib/management-api/router";
import { handleMcpRequest } from "@/lib/mcp/mcp-endpoint";
import { gatewayFetch } from "./router";

/** `/api/v1` is the management API, `/mcp` the MCP endpoint; everything else is the gateway's `/v1`. */
export function apiFetch(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (path.startsWith("/api/v1/")) return managementFetch(request);
  if (path === "/mcp") return handleMcpRequest(request);
  return gatewayFetch(request);
}

/** Serves the API on a plain node:http server (Hono's Node adapter turns it into fetch calls). */
export async function startGatewayServer(port = 0, host = "127.0.0.1"): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(getRequestListener(apiFetch));
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
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
