/**
 * What the process-level tests (a gateway in its own process: outages, shutdown, two instances)
 * share: an org with a published model and keys, a client that reads whole answers, and the audit
 * rows of the requests it made. These tests need real PostgreSQL (DATABASE_URL): an embedded
 * database belongs to one process and cannot be shared with a child.
 */
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { createApiKey } from "@/lib/keys/key-service";
import { createProvider } from "@/lib/providers/provider-service";
import { ensureSharedSecrets } from "../fixtures/gateway-process";
import { signedUpOwner } from "./factories";

export const needsPostgres = !process.env.DATABASE_URL;

/** An org whose model `model` is served by `baseUrl` (an OpenAI-compatible mock), or by the echo provider. */
export async function processWorld(label: string, options: { baseUrl?: string; model?: string } = {}) {
  ensureSharedSecrets();
  process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // mock upstreams listen on loopback
  const db = await getDb();
  const owner = await signedUpOwner(label);
  const provider = options.baseUrl
    ? await createProvider(db, owner.ctx, { name: `${label} upstream`, kind: "openai_compatible", baseUrl: options.baseUrl, apiKey: "sk-process-world" })
    : await createProvider(db, owner.ctx, { name: `${label} echo`, kind: "echo" });
  const model = options.model ?? "echo";
  await publishModel(db, owner.ctx, { publicName: model, providerId: provider.id, upstreamModel: `${model}-1`, kind: "chat" });
  const newKey = async (name: string, scopes: ("gateway" | "mcp" | "admin")[] = ["gateway", "mcp"]) => (await createApiKey(db, owner.ctx, { name, scopes, modelAllowlist: [] }));
  return { db, owner, ctx: owner.ctx, model, newKey };
}

export type ChatAnswer = {
  status: number;
  requestId: string | null;
  /** A whole answer: a completion with choices, or a stream that ended with [DONE]. */
  complete: boolean;
  body: string;
};

/**
 * One chat request, read to its end. A connection refused or reset is an answer too (status 0),
 * so a test can count what the caller saw.
 */
export async function chat(url: string, key: string, options: { stream?: boolean; prompt?: string; model?: string; signal?: AbortSignal } = {}): Promise<ChatAnswer> {
  try {
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: options.model ?? "echo", stream: options.stream === true, messages: [{ role: "user", content: options.prompt ?? "hello there" }] }),
      signal: options.signal,
    });
    const body = await response.text();
    const complete = response.status === 200 && (options.stream ? body.trimEnd().endsWith("data: [DONE]") : isCompletion(body));
    return { status: response.status, requestId: response.headers.get("x-request-id"), complete, body };
  } catch (error) {
    return { status: 0, requestId: null, complete: false, body: String((error as Error).cause ?? error) };
  }
}

function isCompletion(body: string): boolean {
  try {
    return Array.isArray((JSON.parse(body) as { choices?: unknown }).choices);
  } catch {
    return false;
  }
}

/** How many of these requests have an audit row. */
export async function auditRowsFor(requestIds: string[]): Promise<number> {
  const db = await getDb();
  let found = 0;
  for (let start = 0; start < requestIds.length; start += 1_000) {
    found += await db.gatewayRequest.count({ where: { requestId: { in: requestIds.slice(start, start + 1_000) } } });
  }
  return found;
}

/** Polls `check` every 50 ms until it returns true; rejects with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await check()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}
