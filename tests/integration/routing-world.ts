/**
 * A gateway, an org and one mock upstream per catalog model, for the routing tests: model `<name>`
 * is served by provider `Provider <name>` as upstream model `<name>-model`, through its own
 * mock (tests/fixtures/mock-routing-upstream.ts) that fails on command.
 */
import OpenAI from "openai";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import { invalidateOrg } from "@/lib/cache/invalidation";
import { savePolicy } from "@/lib/policy/policy-service";
import { createProvider } from "@/lib/providers/provider-service";
import { createRoute } from "@/lib/routing/route-service";
import type { routeInputSchema } from "@/lib/routing/route-schema";
import type { RoutingRecord } from "@/lib/routing/routing-record";
import { startMockRoutingUpstream, type MockRoutingUpstream } from "../fixtures/mock-routing-upstream";
import { signedUpOwner } from "./factories";
import type { z } from "zod";

export type RoutingWorld = Awaited<ReturnType<typeof routingWorld>>;

export async function routingWorld(models: string[]) {
  process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstreams listen on loopback
  const gateway = await startGatewayServer();
  const { ctx } = await signedUpOwner("routing");
  const db = await getDb();
  // No rules: streams pass through chunk for chunk (output inspection would hold text back).
  await savePolicy(db, ctx, { rules: [], customRules: [], message: "no rules", baseVersion: 1 });
  const upstreams: Record<string, MockRoutingUpstream> = {};
  for (const name of models) {
    const upstream = await startMockRoutingUpstream(name);
    upstreams[name] = upstream;
    const provider = await createProvider(db, ctx, { name: `Provider ${name}`, kind: "openai_compatible", baseUrl: upstream.url });
    await publishModel(db, ctx, { publicName: name, providerId: provider.id, upstreamModel: `${name}-model`, kind: "chat" });
  }
  const newKey = async (options: { tags?: string[]; modelAllowlist?: string[] } = {}) => {
    const { apiKey, key } = await createApiKey(db, ctx, { name: "routing app", scopes: ["gateway"], modelAllowlist: options.modelAllowlist ?? [] });
    if (options.tags) {
      // Key tags are set by the key form of another issue; the column is what routing reads.
      await db.apiKey.update({ where: { id: apiKey.id }, data: { tags: options.tags } });
      await invalidateOrg(ctx.org.id);
    }
    return { id: apiKey.id, key, client: new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 }) };
  };
  const main = await newKey();
  return {
    gateway,
    ctx,
    db,
    upstreams,
    key: main.key,
    client: main.client,
    newKey,
    route: (input: z.input<typeof routeInputSchema>) => createRoute(db, ctx, input),
    /** A raw POST to /v1/chat/completions with the main key (for headers the SDK hides on errors). */
    post: (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${main.key}`, "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      }),
    reset: () => Object.values(upstreams).forEach((upstream) => upstream.reset()),
    close: async () => {
      await gateway.close();
      await Promise.all(Object.values(upstreams).map((upstream) => upstream.close()));
    },
  };
}

/** The `gateway.routing` object of a non-streamed answer. */
export function routingOf(completion: unknown): RoutingRecord {
  return (completion as { gateway: { routing: RoutingRecord } }).gateway.routing;
}

export const ask = (content: string) => [{ role: "user" as const, content }];
