import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { withoutCredentials } from "@/lib/http/without-credentials";
import { guardedFetch } from "@/lib/providers/http";
import { BlockedUpstreamError } from "@/lib/providers/ssrf";
import { ToolCallRefused } from "./tool-call-error";
import { MalformedToolsError } from "./tool-definition";

/**
 * Talks to an org's upstream MCP server with the SDK's own client over Streamable HTTP, sending
 * only the credentials stored for that server (never the caller's token). Connections go through
 * the gateway's guarded fetch, so the SSRF guard applies; every call has a deadline and follows
 * the caller's cancellation.
 */
export type UpstreamServer = { id: string; name: string; url: string; headers: Record<string, string> };

export type UpstreamFailure = "unreachable" | "blocked" | "timeout" | "refused" | "protocol" | "cancelled";

/** Why an upstream could not be used; `status` is the upstream's HTTP status when it gave one. */
export class UpstreamMcpError extends Error {
  constructor(
    message: string,
    readonly failure: UpstreamFailure,
    readonly status?: number,
  ) {
    super(message);
    this.name = "UpstreamMcpError";
  }
}

export const UPSTREAM_TIMEOUT_MS = Number(process.env.MCP_UPSTREAM_TIMEOUT_MS ?? 60_000);
const CLIENT_INFO = { name: "llm-gateway", version: "1.0.0" };
const MAX_LISTED_PAGES = 50;

/** Tools are read raw (not through the SDK's strict schema), so a malformed one gets our own clear message. */
const rawToolsPageSchema = z.looseObject({ tools: z.array(z.unknown()), nextCursor: z.string().optional() });

/** Connects, runs `work`, and always closes the connection (ending the upstream session, if any). */
export async function withUpstream<T>(server: UpstreamServer, signal: AbortSignal, work: (client: Client) => Promise<T>): Promise<T> {
  const transport = new StreamableHTTPClientTransport(new URL(server.url), {
    fetch: guardedFetch,
    requestInit: { headers: server.headers },
    // No reconnection loops inside a request: the caller is waiting.
    reconnectionOptions: { maxReconnectionDelay: 1000, initialReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1, maxRetries: 0 },
  });
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  try {
    await client.connect(transport, { signal, timeout: UPSTREAM_TIMEOUT_MS });
    return await work(client);
  } catch (error) {
    throw toUpstreamError(error, server, signal);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Every tool the server lists, following pagination, as it sent them. */
export async function listRawTools(client: Client, signal: AbortSignal): Promise<unknown[]> {
  const tools: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LISTED_PAGES; page++) {
    const result = await client.request({ method: "tools/list", params: cursor ? { cursor } : {} }, rawToolsPageSchema, { signal, timeout: UPSTREAM_TIMEOUT_MS });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) return tools;
  }
  throw new UpstreamMcpError(`The server kept paginating its tools past ${MAX_LISTED_PAGES} pages.`, "protocol");
}

/**
 * Maps what can go wrong on the wire to one clear message. What the upstream wrote is quoted only
 * with the server's stored credentials cut out (some servers echo the headers they received), and
 * cut before it is shortened, so no part of one survives at the edge.
 */
export function toUpstreamError(error: unknown, server: UpstreamServer, signal?: AbortSignal): Error {
  // The gateway's own verdicts reached inside the connection pass through unchanged.
  if (error instanceof UpstreamMcpError || error instanceof MalformedToolsError || error instanceof ToolCallRefused) return error;
  const where = `MCP server ${server.name}`;
  const quoted = (text: string) => withoutCredentials(text, Object.values(server.headers)).slice(0, 200);
  if (signal?.aborted) return new UpstreamMcpError(`The call to ${where} was cancelled.`, "cancelled");
  const blocked = findCause(error, (cause) => cause instanceof BlockedUpstreamError || (cause as { code?: string }).code === "EBLOCKED");
  if (blocked) return new UpstreamMcpError(`${where}: ${(blocked as Error).message}`, "blocked");
  if (error instanceof StreamableHTTPError) {
    const status = error.code;
    if (status === 401 || status === 403) {
      return new UpstreamMcpError(`${where} refused the stored credentials (HTTP ${status}). An admin can update them on the server's page.`, "refused", status);
    }
    return new UpstreamMcpError(`${where} answered HTTP ${status ?? "error"}: ${quoted(error.message)}`, "protocol", status);
  }
  if (error instanceof McpError) {
    if (error.code === ErrorCode.RequestTimeout) return new UpstreamMcpError(`${where} did not answer within ${Math.round(UPSTREAM_TIMEOUT_MS / 1000)} s.`, "timeout");
    if (error.code === ErrorCode.ConnectionClosed) return new UpstreamMcpError(`${where} closed the connection.`, "unreachable");
    error.message = withoutCredentials(error.message, Object.values(server.headers));
    return error; // the upstream's own JSON-RPC error: passed on as it said it
  }
  const network = findCause(error, (cause) => typeof (cause as { code?: string }).code === "string" && /^(E[A-Z]+|UND_ERR)/.test((cause as { code: string }).code));
  if (network) return new UpstreamMcpError(`${where} is unreachable (${(network as { code: string }).code}).`, "unreachable");
  if (error instanceof z.ZodError || (error instanceof Error && /invalid|parse|unexpected content type/i.test(error.message))) {
    return new UpstreamMcpError(`${where} answered with something that is not valid MCP: ${quoted((error as Error).message)}`, "protocol");
  }
  return new UpstreamMcpError(`${where} failed: ${quoted(error instanceof Error ? error.message : String(error))}`, "unreachable");
}

function findCause(error: unknown, test: (cause: object) => boolean): object | undefined {
  for (let cause = error, depth = 0; cause && typeof cause === "object" && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    if (test(cause)) return cause;
  }
  return undefined;
}
