import type { Server } from "node:http";

/**
 * Connections the kernel queues for us before the process accepts them (LISTEN_BACKLOG; Linux caps
 * it at net.core.somaxconn, 4096 by default since 5.4). Node's default is 511: when a burst of
 * clients connects at once while the event loop is busy serving (a client pool growing under
 * load, a fleet of apps reconnecting), the queue fills and the kernel drops their SYNs, and each
 * dropped client waits for TCP to retry, 1 s, then 3 s, then 7 s later. Measured with an open-loop
 * load below the gateway's capacity (1,500 req/s, 60 ms upstream, a fresh client pool): the queue
 * reached 512 and 288 to 3,253 connections were dropped per 8 s run, p99 up to 7.2-8.2 s.
 */
export const LISTEN_BACKLOG = Number(process.env.LISTEN_BACKLOG ?? 4096);

/** `server.listen` with the backlog above; resolves once the port is open, rejects if it cannot be. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
