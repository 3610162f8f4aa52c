import { type Abortable, AbortSource } from "./abort-source";

/**
 * Whether the client of a request went away, as an Abortable. On our own node:http mounts
 * (lib/gateway/standalone-server.ts, lib/server/production-server.ts) it is heard from the
 * connection itself, which the mount registers for the request; elsewhere (next dev, other hosts)
 * it is the request's own signal. Not `request.signal` on our mounts: Hono's adapter makes that an
 * AbortController on first use, and on Node 20 every AbortSignal lives until a full collection
 * (lib/http/abort-source.ts), with all it holds.
 */
const CONNECTION = Symbol("client connection");
type Registered = Request & { [CONNECTION]?: NodeConnection & { gone?: AbortSource } };

/** The two sides of a request on node:http (or node:http2's compatibility API), as far as this needs them. */
export type NodeConnection = {
  incoming: { readonly errored?: unknown };
  outgoing: { readonly writableFinished: boolean; readonly closed: boolean; once(event: "close", listener: () => void): unknown };
};

/** Called by a node:http mount for each request it hands to the web-standard handlers. */
export function registerClientConnection(request: Request, connection: NodeConnection): void {
  (request as Registered)[CONNECTION] = { incoming: connection.incoming, outgoing: connection.outgoing };
}

export function clientAbort(request: Request): Abortable {
  const connection = (request as Registered)[CONNECTION];
  if (!connection) return request.signal;
  if (connection.gone) return connection.gone;
  const gone = (connection.gone = new AbortSource());
  const { incoming, outgoing } = connection;
  // As Hono's adapter decides it for request.signal: the connection closed before the answer was
  // all written, or the request body failed.
  const closed = () => {
    if (incoming.errored || !outgoing.writableFinished) gone.abort(new DOMException("The client closed the request.", "AbortError"));
  };
  if (outgoing.closed) closed();
  else outgoing.once("close", closed);
  return gone;
}
