/**
 * `npm run bench:audit`: one million audit rows for one org (plus noise orgs) in a real PostgreSQL,
 * then the searches the Requests page offers, run through the page's own query builder
 * (lib/audit/search), 30+ times each with varying values; prints p50/p95 per search.
 *
 * DATABASE_URL names the database to use (it must be a throwaway one). Without it a scratch
 * database `gateway_bench_<ts>` is created on 127.0.0.1:5432 (user postgres) and dropped after.
 * BENCH_ROWS (default 1000000) and BENCH_RUNS (default 40) scale it. Rows are made inside the
 * database by INSERT … SELECT over generate_series: seconds, not a million round trips.
 */
import pg from "pg";
import { parseFilters } from "@/lib/audit/search/filters";
import type { SearchRow } from "@/lib/audit/search/row";
import { type QueryRunner, searchRequests } from "@/lib/audit/search/search";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const NOISE_ORGS = 4;
const NOISE_ROWS = Math.round(ROWS / 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const DAYS = 30;
const KEYS = 20;
const MODELS = ["gpt-4o-mini", "gpt-4o", "claude-3-5-sonnet", "claude-3-haiku", "gemini-1.5-pro", "llama-3-70b", "mistral-large", "text-embedding-3-small"];
const WORDS =
  "invoice deploy customer refund password report translate summary contract pipeline budget meeting incident database kubernetes migration schedule review security policy onboarding payroll forecast marketing launch roadmap feedback survey audit compliance vendor pricing discount shipment warehouse inventory analytics dashboard latency outage rollback hotfix release ticket sprint backlog hiring interview benefits travel expense quarterly".split(
    " ",
  );
const RARE_WORD = "zanzibar"; // in about 1 row in 2000

// `timestamp without time zone` holds UTC here (as Prisma writes it); read it back as UTC.
pg.types.setTypeParser(1114, (value: string) => new Date(`${value.replace(" ", "T")}Z`));

const adminUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
const scratch = process.env.DATABASE_URL ? null : `gateway_bench_${Date.now()}`;
const url = process.env.DATABASE_URL ?? `postgresql://postgres@127.0.0.1:5432/${scratch}`;

async function withAdmin(sql: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function migrate() {
  process.env.DATABASE_URL = url;
  const { getDb, closeDb } = await import("@/lib/db/client");
  await getDb(); // applies every migration, the generated full-text column included
  await closeDb();
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function seed(client: pg.Client) {
  const started = performance.now();
  await client.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ('bench_user', 'bench@example.com', now())`);
  const orgs = ["bench_org", ...Array.from({ length: NOISE_ORGS }, (_, i) => `noise_org_${i}`)];
  for (const org of orgs) {
    await client.query(`INSERT INTO "Org" (id, slug, name, "updatedAt") VALUES ($1, $1, $1, now())`, [org]);
    await client.query(
      `INSERT INTO "ApiKey" (id, "orgId", name, prefix, hash, scopes, "modelAllowlist", "createdById")
       SELECT $1 || '_key_' || k, $1, 'key ' || k, 'gw_live_' || k, md5($1 || k), ARRAY['gateway'], ARRAY[]::text[], 'bench_user' FROM generate_series(0, ${KEYS - 1}) k`,
      [org],
    );
  }
  await client.query(`SELECT setseed(0.42)`);
  const insert = (org: string, from: number, to: number) =>
    client.query(
      `INSERT INTO "GatewayRequest" (id, "requestId", "orgId", "apiKeyId", endpoint, "requestedModel", "servedModel", "providerId", "providerName",
         status, outcome, decision, "matchedRules", "latencyMs", "ttftMs", "promptTokens", "completionTokens", "totalTokens", "promptText", "createdAt")
       SELECT $1 || '_' || i, 'req_' || $1 || '_' || i, $1, $1 || '_key_' || (i % ${KEYS}), 'chat.completions', m, CASE WHEN d = 'block' THEN NULL ELSE m END,
         CASE WHEN d = 'block' THEN NULL ELSE 'prov_' || (i % 4) END, CASE WHEN d = 'block' THEN NULL ELSE 'Provider ' || (i % 4) END,
         CASE WHEN d = 'block' THEN 403 WHEN r < 0.02 THEN 502 ELSE 200 END,
         (CASE WHEN d = 'block' THEN 'blocked' WHEN r < 0.02 THEN 'error' ELSE 'ok' END)::"RequestOutcome", d,
         CASE d WHEN 'block' THEN ARRAY['block-secrets'] WHEN 'redact' THEN ARRAY['redact-cards-and-national-ids'] WHEN 'flag' THEN ARRAY['flag-prompt-injection', 'monitor:block-secrets'] ELSE ARRAY[]::text[] END,
         lat, lat / 3, tok, tok / 2, tok + tok / 2,
         -- Four everyday words, four from a long-tailed vocabulary (t1… t5000, log-uniform, as in real text), a rare word now and then.
         CASE WHEN i % 10 = 0 THEN NULL ELSE
           ($2::text[])[(floor(random() * $3) + 1)::int] || ' ' || ($2::text[])[(floor(random() * $3) + 1)::int] || ' ' ||
           ($2::text[])[(floor(random() * $3) + 1)::int] || ' ' || ($2::text[])[(floor(random() * $3) + 1)::int] || ' ' ||
           't' || floor(exp(random() * ln(5000)))::int || ' t' || floor(exp(random() * ln(5000)))::int || ' t' || floor(exp(random() * ln(5000)))::int || ' t' || floor(exp(random() * ln(5000)))::int ||
           CASE WHEN i % 2000 = 7 THEN ' ${RARE_WORD}' ELSE '' END || ' item ' || i END,
         now() - (random() * interval '${DAYS} days')
       FROM (
         SELECT i, random() AS r, (ARRAY[${MODELS.map((model) => `'${model}'`).join(",")}])[(i % ${MODELS.length}) + 1] AS m,
           CASE WHEN i % 50 = 0 THEN 'block' WHEN i % 20 = 0 THEN 'redact' WHEN i % 12 = 0 THEN 'flag' ELSE 'allow' END AS d,
           (50 + floor(random() * random() * 8000))::int AS lat, (20 + floor(random() * 2000))::int AS tok
         FROM generate_series($4::int, $5::int) i
       ) s`,
      [org, WORDS, WORDS.length, from, to],
    );
  const batch = 100_000;
  for (let from = 0; from < ROWS; from += batch) {
    await insert("bench_org", from, Math.min(ROWS, from + batch) - 1);
    process.stdout.write(`\r  seeded ${Math.min(ROWS, from + batch).toLocaleString("en")} rows for the bench org (${seconds(started)})`);
  }
  for (let o = 0; o < NOISE_ORGS; o++) await insert(`noise_org_${o}`, 0, NOISE_ROWS - 1);
  process.stdout.write(`\n  + ${(NOISE_ORGS * NOISE_ROWS).toLocaleString("en")} rows in ${NOISE_ORGS} noise orgs; analysing… `);
  await client.query(`VACUUM ANALYZE "GatewayRequest"`);
  console.log(`done in ${seconds(started)}`);
}

type Search = { name: string; params: (run: number) => Record<string, string>; pages?: number };

const pick = <T>(list: readonly T[], run: number) => list[run % list.length]!;
const dayWindow = (run: number) => {
  const end = new Date(Date.now() - (run % (DAYS - 1)) * 86_400_000);
  return { from: new Date(end.getTime() - 86_400_000).toISOString(), to: end.toISOString() };
};

const weekWindow = (run: number) => {
  const end = new Date(Date.now() - (run % (DAYS - 7)) * 86_400_000);
  return { from: new Date(end.getTime() - 7 * 86_400_000).toISOString(), to: end.toISOString() };
};

const SEARCHES: Search[] = [
  { name: "newest first, no filter", params: () => ({}) },
  { name: "time range (one day)", params: (run) => dayWindow(run) },
  { name: "rule id", params: (run) => ({ rule: pick(["block-secrets", "redact-cards-and-national-ids", "flag-prompt-injection", "monitor:block-secrets"], run) }) },
  { name: "key", params: (run) => ({ key: `bench_org_key_${run % KEYS}` }) },
  { name: "served model + latency range", params: (run) => ({ served_model: pick(MODELS, run), latency_min: "2000", latency_max: "5000" }) },
  { name: "full-text word", params: (run) => ({ q: pick(WORDS, run) }) },
  { name: "full-text rare word", params: (run) => ({ q: pick([RARE_WORD, "t4999", "t4321", "t3777"], run) }) },
  // Flagged rows are every 12th, so only keys 4, 8, 12 and 16 have them (see the seed's CASE).
  { name: "combined: 7 days + flag + word + key", params: (run) => ({ ...weekWindow(run), decision: "flag", q: pick(WORDS, run), key: `bench_org_key_${pick([4, 8, 12, 16], run)}` }) },
  { name: "status class 5xx, slowest first", params: () => ({ status: "5xx", sort: "latency_desc" }) },
  { name: "rule id, 5th page (cursor)", params: (run) => ({ rule: pick(["block-secrets", "flag-prompt-injection"], run) }), pages: 5 },
];

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function runSearches(client: pg.Client) {
  const runner: QueryRunner = async (query) => (await client.query(query.text, query.values)).rows as SearchRow[];
  console.log(`\n  ${"search".padEnd(40)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}  rows/page`);
  let worstP95 = 0;
  for (const search of SEARCHES) {
    const times: number[] = [];
    let rows = 0;
    for (let run = -2; run < RUNS; run++) {
      const parsed = parseFilters(new URLSearchParams(search.params(Math.max(0, run))));
      if (!parsed.ok) throw new Error(`${search.name}: ${JSON.stringify(parsed.fieldErrors)}`);
      let cursor: string | null = null;
      const started = performance.now();
      for (let page = 0; page < (search.pages ?? 1); page++) {
        const result = await searchRequests(runner, "bench_org", parsed.filters, { cursor, limit: 50 });
        cursor = result.nextCursor;
        rows = result.rows.length;
      }
      // The first two runs warm the cache and are not counted. A multi-page search is timed for its last page.
      if (run >= 0) times.push((performance.now() - started) / (search.pages ?? 1));
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    worstP95 = Math.max(worstP95, p95);
    console.log(`  ${search.name.padEnd(40)} ${percentile(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${times.at(-1)!.toFixed(1).padStart(8)}  ${rows}`);
  }
  console.log(`\n  worst p95: ${worstP95.toFixed(1)} ms (goal: under 300 ms)`);
}

async function main() {
  if (scratch) await withAdmin(`CREATE DATABASE ${scratch}`);
  console.log(`audit search benchmark: ${ROWS.toLocaleString("en")} rows for one org, ${RUNS} runs per search, database ${scratch ?? "from DATABASE_URL"}`);
  try {
    await migrate();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await seed(client);
      await runSearches(client);
    } finally {
      await client.end();
    }
  } finally {
    if (scratch) await withAdmin(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  }
}

main().then(
  () => process.exit(0), // the schema engine leaves a timer behind
  (error) => {
    console.error(`bench:audit failed: ${(error as Error).stack}`);
    process.exit(1);
  },
);
