/**
 * Seeds a bench database through the app's own services: the demo org, owner and API key (as
 * `npm run seed` does), a provider pointing at the mock upstream and the models the bench calls.
 * The org's default policy (inspection on) stays as seeded. Prints JSON for scripts/bench/run.ts.
 * Usage: DATABASE_URL=… tsx scripts/bench/seed-bench.ts <mock base URL> <longstream seconds>
 */
import { publishModel } from "@/lib/catalog/catalog-service";
import { closeDb, getDb } from "@/lib/db/client";
import { resolveOrgAccess } from "@/lib/orgs/org-access";
import { createProvider } from "@/lib/providers/provider-service";
import { seedDemo } from "@/lib/users/demo-seed";

const [baseUrl, longstreamSeconds] = process.argv.slice(2);
if (!baseUrl || !longstreamSeconds) throw new Error("usage: seed-bench.ts <mock base URL> <longstream seconds>");

// Public name → the mock model it maps to (the mock picks its mode from the model name).
const models = {
  fast: ["bench", "gpt-4o-mini"],
  delay60: ["bench-delay60", "delay60"],
  ttft: ["bench-stream", "stream"],
  longstream: ["bench-longstream", `longstream-${longstreamSeconds}`],
} as const;

const db = await getDb();
const seed = await seedDemo(db);
if (!seed.apiKey.key) throw new Error("the bench database was not fresh: the demo key already existed");
const ctx = await resolveOrgAccess(db, seed.owner.id, seed.org.slug);
const provider = await createProvider(db, ctx, { name: "Bench mock", kind: "openai_compatible", baseUrl });
for (const [publicName, upstreamModel] of Object.values(models)) await publishModel(db, ctx, { publicName, providerId: provider.id, upstreamModel, kind: "chat" });
await closeDb();
console.log(JSON.stringify({ apiKey: seed.apiKey.key, models: Object.fromEntries(Object.entries(models).map(([k, [name]]) => [k, name])) }));
process.exit(0); // the schema engine and the invalidation bus leave handles behind
