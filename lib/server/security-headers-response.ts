import { type IncomingMessage, ServerResponse } from "node:http";

/**
 * A node:http response class (createServer's `ServerResponse` option) that adds `headers` to every
 * answer of a response marked with `addSecurityHeaders`, unless the answer sets them itself.
 *
 * Why not res.setHeader() before handing the response on: Node's writeHead takes the header object
 * it is given as is only when no header was set before; after a single setHeader() it sends every
 * header of the object through setHeader() again (each validated twice), about a microsecond per
 * answer header on the gateway's hot path. Here the constant headers join that object instead.
 * Every answer passes through writeHead, the implicit one of a bare write() or end() included.
 */
export function securityHeadersResponse(headers: ReadonlyArray<readonly [string, string]>) {
  const defaults: Record<string, string> = Object.fromEntries(headers.map(([name, value]) => [name.toLowerCase(), value]));

  return class SecurityHeadersResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
    /** Set by the server for the paths that get the headers from here. */
    addSecurityHeaders = false;

    override writeHead(statusCode: number, ...rest: unknown[]): this {
      if (!this.addSecurityHeaders || this.headersSent) return super.writeHead(statusCode, ...(rest as [])) as this;
      const reason = typeof rest[0] === "string" ? rest[0] : undefined;
      const given = typeof rest[0] === "string" ? rest[1] : rest[0];
      if (given && typeof given === "object" && !Array.isArray(given) && this.getHeaderNames().length === 0) {
        // The fast path: one fresh object (the one given may be shared), the answer's own values winning.
        const merged = Object.assign({}, defaults, lowercaseKeys(given as Record<string, unknown>));
        return (reason === undefined ? super.writeHead(statusCode, merged as never) : super.writeHead(statusCode, reason, merged as never)) as this;
      }
      for (const [name, value] of Object.entries(defaults)) if (!this.hasHeader(name) && !hasHeaderIn(given, name)) this.setHeader(name, value);
      return super.writeHead(statusCode, ...(rest as [])) as this;
    }
  };
}

/** Header names are case-insensitive: "X-Content-Type-Options" given by the answer replaces ours rather than doubling it. */
function lowercaseKeys(headers: Record<string, unknown>): Record<string, unknown> {
  for (const key in headers) {
    if (key !== key.toLowerCase()) return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  }
  return headers;
}

/** Whether writeHead's header argument (an object or a flat [name, value, …] array) names `name`. */
function hasHeaderIn(given: unknown, name: string): boolean {
  if (Array.isArray(given)) return given.some((item, i) => i % 2 === 0 && typeof item === "string" && item.toLowerCase() === name);
  if (given && typeof given === "object") return Object.keys(given).some((key) => key.toLowerCase() === name);
  return false;
}
