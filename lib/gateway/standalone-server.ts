import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { managementFetch } from "@/lib/management-api/router";
import { gatewayFetch } from "./router";

/** `/api/v1` is the management API; everything else is the gateway's `/v1`. */
const fetchHandler = (request: Request) => (new URL(request.url).pathname.startsWith("/api/v1/") ? managementFetch(request) : gatewayFetch(request));

/** Serves the API on a plain node:http server (Hono's Node adapter turns it into fetch calls). */
export async function startGatewayServer(port = 0, host = "127.0.0.1"): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(getRequestListener(fetchHandler));
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
