/**
 * Audit search against a real database: every filter alone and combined (each compared with the
 * same filter applied in JavaScript to the known rows), keyset pagination without gaps or
 * duplicates in every sort, full-text search, validation messages, and org isolation.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { findRequestRecord } from "@/lib/audit/request-detail";
import { InvalidCursorError } from "@/lib/audit/search/cursor";
import { parseFilters, type SearchFilters } from "@/lib/audit/search/filters";
import { prismaRunner, searchRequests } from "@/lib/audit/search/search";
import { getDb } from "@/lib/db/client";
import { buildWorld, type World, type WorldRow } from "./audit-search-world";

let world: World;
let orgId: string;

beforeAll(async () => {
  world = await buildWorld();
  orgId = world.owner.ctx.org.id;
});

function filters(params: Record<string, string>): SearchFilters {
  const parsed = parseFilters(new URLSearchParams(params));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.filters;
}

/** Every page of a search, in order. */
async function all(params: Record<string, string>, limit = 200, org = orgId) {
  const db = await getDb();
  const f = filters(params);
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await searchRequests(prismaRunner(db), org, f, { cursor, limit });
    ids.push(...page.rows.map((row) => row.requestId));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

const expectedIds = (predicate: (row: WorldRow) => boolean) => world.rows.filter(predicate).map((row) => row.requestId).sort();

async function expectFilter(params: Record<string, string>, predicate: (row: WorldRow) => boolean) {
  const expected = expectedIds(predicate);
  expect(expected.length).toBeGreaterThan(0); // a filter that matches nothing would prove nothing
  expect(expected.length).toBeLessThan(world.rows.length);
  const { ids } = await all(params);
  expect([...ids].sort()).toEqual(expected);
}

describe("each filter", () => {
  it("time range: from inclusive, to exclusive", async () => {
    const from = new Date(world.rows[10]!.createdAt);
    const to = new Date(world.rows[20]!.createdAt);
    await expectFilter({ from: from.toISOString(), to: to.toISOString() }, (r) => r.createdAt >= from && r.createdAt < to);
  });
  it("a date-and-time without a zone is read as UTC", async () => {
    const from = world.rows[30]!.createdAt;
    await expectFilter({ from: from.toISOString().slice(0, 16) }, (r) => r.createdAt >= from);
  });
  it("key and user", async () => {
    await expectFilter({ key: world.keyA.id }, (r) => r.apiKeyId === world.keyA.id);
    await expectFilter({ user: world.person.user.id }, (r) => r.userId === world.person.user.id);
  });
  it("requested and served model, provider", async () => {
    await expectFilter({ requested_model: "fast" }, (r) => r.requestedModel === "fast");
    await expectFilter({ served_model: "claude-3-5" }, (r) => r.servedModel === "claude-3-5");
    await expectFilter({ provider: world.provider.id }, (r) => r.providerId === world.provider.id);
  });
  it("decision and rule id (monitor rules are their own id)", async () => {
    await expectFilter({ decision: "flag" }, (r) => r.decision === "flag");
    await expectFilter({ rule: "block-secrets" }, (r) => r.matchedRules!.includes("block-secrets"));
    await expectFilter({ rule: "monitor:block-secrets" }, (r) => r.matchedRules!.includes("monitor:block-secrets"));
  });
  it("status exact and by class, outcome", async () => {
    await expectFilter({ status: "502" }, (r) => r.status === 502);
    await expectFilter({ status: "4xx" }, (r) => r.status! >= 400 && r.status! < 500);
    await expectFilter({ outcome: "blocked" }, (r) => r.outcome === "blocked");
  });
  it("latency and token ranges, inclusive", async () => {
    await expectFilter({ latency_min: "300", latency_max: "500" }, (r) => r.latencyMs! >= 300 && r.latencyMs! <= 500);
    await expectFilter({ tokens_min: "100" }, (r) => r.totalTokens != null && r.totalTokens >= 100);
    await expectFilter({ tokens_max: "60" }, (r) => r.totalTokens != null && r.totalTokens <= 60);
  });
  it("request id", async () => {
    await expectFilter({ request_id: world.rows[5]!.requestId }, (r) => r.requestId === world.rows[5]!.requestId);
  });
});

describe("full-text search over stored prompts", () => {
  it("finds a word, whatever its case", async () => {
    await expectFilter({ q: "INVOICE" }, (r) => Boolean(r.promptText?.includes("invoice")));
  });
  it("supports phrases and exclusions (web search syntax)", async () => {
    await expectFilter({ q: '"quarterly invoice"' }, (r) => Boolean(r.promptText?.includes("quarterly invoice")));
    await expectFilter({ q: "quarterly -invoice" }, (r) => Boolean(r.promptText?.includes("quarterly") && !r.promptText.includes("invoice")));
  });
  it("never matches rows whose prompt was not stored", async () => {
    const { ids } = await all({ q: "number" });
    const unstored = world.rows.filter((r) => r.promptText === null).map((r) => r.requestId);
    expect(unstored.length).toBeGreaterThan(0);
    expect(ids.filter((id) => unstored.includes(id))).toEqual([]);
    expect(ids.length).toBe(world.rows.length - unstored.length);
  });
});

describe("combined filters", () => {
  it("are all applied at once", async () => {
    await expectFilter({ requested_model: "smart", status: "200", latency_max: "400", key: world.keyB.id }, (r) => r.requestedModel === "smart" && r.status === 200 && r.latencyMs! <= 400 && r.apiKeyId === world.keyB.id);
    await expectFilter({ q: "quarterly", decision: "allow", to: world.rows[30]!.createdAt.toISOString() }, (r) => Boolean(r.promptText?.includes("quarterly")) && r.decision === "allow" && r.createdAt < world.rows[30]!.createdAt);
  });
});

describe("pagination and sorting", () => {
  for (const sort of ["time_desc", "time_asc", "latency_desc", "latency_asc"] as const) {
    it(`${sort}: small pages cover every row once, in order`, async () => {
      const whole = await all({ sort }, 200);
      const paged = await all({ sort }, 7);
      expect(paged.pages).toBe(Math.ceil(world.rows.length / 7));
      expect(paged.ids).toEqual(whole.ids);
      expect(new Set(paged.ids).size).toBe(world.rows.length);
      const byId = new Map(world.rows.map((r) => [r.requestId, r]));
      const keys = paged.ids.map((id) => (sort.startsWith("time") ? byId.get(id)!.createdAt.getTime() : byId.get(id)!.latencyMs!));
      const sorted = [...keys].sort((a, b) => (sort.endsWith("desc") ? b - a : a - b));
      expect(keys).toEqual(sorted);
    });
  }
  it("newest first is the default", async () => {
    const { ids } = await all({}, 3);
    const latest = world.rows.reduce((max, r) => (r.createdAt > max ? r.createdAt : max), new Date(0));
    expect(world.rows.find((r) => r.requestId === ids[0])!.createdAt).toEqual(latest);
  });
  it("refuses a forged cursor and one from another sort", async () => {
    const db = await getDb();
    const page = await searchRequests(prismaRunner(db), orgId, filters({}), { limit: 5 });
    expect(page.nextCursor).toBeTruthy();
    await expect(searchRequests(prismaRunner(db), orgId, filters({ sort: "latency_asc" }), { cursor: page.nextCursor, limit: 5 })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(searchRequests(prismaRunner(db), orgId, filters({}), { cursor: "not-a-cursor", limit: 5 })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe("org isolation", () => {
  it("a search sees only its own org, even with the other org's request ids", async () => {
    const { ids } = await all({});
    expect(ids.some((id) => id.endsWith("_other"))).toBe(false);
    const otherOrg = await all({}, 200, world.other.ctx.org.id);
    expect([...otherOrg.ids].sort()).toEqual(world.otherRows.map((r) => r.requestId).sort());
    expect((await all({ request_id: world.otherRows[0]!.requestId })).ids).toEqual([]);
  });
  it("a record of another org is not found, by request id or row id", async () => {
    const db = await getDb();
    const theirs = await db.gatewayRequest.findUniqueOrThrow({ where: { requestId: world.otherRows[0]!.requestId } });
    expect(await findRequestRecord(db, orgId, theirs.requestId)).toBeNull();
    expect(await findRequestRecord(db, orgId, theirs.id)).toBeNull();
    expect((await findRequestRecord(db, world.other.ctx.org.id, theirs.requestId))?.id).toBe(theirs.id);
  });
});
