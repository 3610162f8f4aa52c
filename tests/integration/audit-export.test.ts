/**
 * Export of a search: CSV and JSON Lines streamed page by page (several chunks for a large
 * result), exactly the filtered rows, proper CSV quoting and the formula guard; the dashboard's
 * export route answers only members with audit:read, and nothing of another org.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { exportForMember } from "@/lib/audit/export-handler";
import { exportStream } from "@/lib/audit/search/export";
import { parseFilters } from "@/lib/audit/search/filters";
import { prismaRunner } from "@/lib/audit/search/search";
import { getDb } from "@/lib/db/client";
import { seedAuditRows } from "../fixtures/audit-rows";
import { buildWorld, type World } from "./audit-search-world";
import { memberOf } from "./factories";

let world: World;

beforeAll(async () => {
  world = await buildWorld();
});

async function chunksOf(stream: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(decoder.decode(next.value));
  return chunks;
}

const filtersOf = (params: Record<string, string>) => {
  const parsed = parseFilters(new URLSearchParams(params));
  if (!parsed.ok) throw new Error("bad filters");
  return parsed.filters;
};

/** A minimal RFC 4180 reader, to check the CSV round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += c;
  }
  return rows;
}

describe("export stream", () => {
  it("streams JSON Lines page by page: every matching row once, newest first", async () => {
    const db = await getDb();
    const chunks = await chunksOf(exportStream(prismaRunner(db), world.owner.ctx.org.id, filtersOf({ requested_model: "smart" }), "jsonl", 4));
    const expected = world.rows.filter((r) => r.requestedModel === "smart");
    expect(chunks.length).toBe(Math.ceil(expected.length / 4));
    const lines = chunks.join("").trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id).sort()).toEqual(expected.map((r) => r.requestId).sort());
    expect(lines.every((line) => line.requested_model === "smart")).toBe(true);
    const times = lines.map((line) => Date.parse(line.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(lines[0]).toMatchObject({ endpoint: "chat.completions", matched_rules: expect.any(Array), latency_ms: expect.any(Number) });
  });

  it("writes CSV with a header, quoting, and formula-injection guarded cells", async () => {
    const db = await getDb();
    const orgId = world.owner.ctx.org.id;
    await seedAuditRows(orgId, [
      { requestId: `csv_${Date.now()}`, createdAt: new Date("2026-10-01T00:00:00Z"), requestedModel: '=HYPERLINK("http://evil")', servedModel: "a,b", providerName: 'say "hi"\nthere', matchedRules: ["r1", "r2"], latencyMs: 42 },
    ]);
    const text = (await chunksOf(exportStream(prismaRunner(db), orgId, filtersOf({ to: "2026-10-02" }), "csv"))).join("");
    const rows = parseCsv(text);
    expect(rows[0]).toContain("request_id");
    expect(rows).toHaveLength(2);
    const header = rows[0]!;
    const row = Object.fromEntries(header.map((name, i) => [name, rows[1]![i]]));
    expect(row.requested_model).toBe(`'=HYPERLINK("http://evil")`);
    expect(row.served_model).toBe("a,b");
    expect(row.provider).toBe('say "hi"\nthere');
    expect(row.matched_rules).toBe("r1 r2");
    expect(row.latency_ms).toBe("42");
  });

  it("an empty result is a CSV header alone", async () => {
    const db = await getDb();
    const text = (await chunksOf(exportStream(prismaRunner(db), world.owner.ctx.org.id, filtersOf({ request_id: "nothing-like-this" }), "csv"))).join("");
    expect(parseCsv(text)).toHaveLength(1);
  });
});

describe("the dashboard's export route", () => {
  const url = (slug: string, query: string) => new Request(`http://localhost/api/orgs/${slug}/requests/export?${query}`);

  it("gives an auditor exactly the filtered rows, as a named attachment", async () => {
    const auditor = await memberOf(world.owner.ctx, "auditor");
    const response = await exportForMember(url(world.owner.ctx.org.slug, `format=csv&rule=block-secrets`), world.owner.ctx.org.slug, auditor.user.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="requests-${world.owner.ctx.org.slug}-\\d{8}T\\d{6}\\.csv"$`));
    const rows = parseCsv(await response.text());
    const idColumn = rows[0]!.indexOf("request_id");
    expect(rows.slice(1).map((row) => row[idColumn]).sort()).toEqual(world.rows.filter((r) => r.matchedRules!.includes("block-secrets")).map((r) => r.requestId).sort());
  });

  it("refuses strangers (404), members without audit:read (403), the signed-out (401), bad filters and formats (400)", async () => {
    const slug = world.owner.ctx.org.slug;
    expect((await exportForMember(url(slug, "format=csv"), slug, world.other.user.id)).status).toBe(404);
    const member = await memberOf(world.owner.ctx, "member");
    expect((await exportForMember(url(slug, "format=csv"), slug, member.user.id)).status).toBe(403);
    expect((await exportForMember(url(slug, "format=csv"), slug, null)).status).toBe(401);
    const badFormat = await exportForMember(url(slug, "format=xml"), slug, world.owner.user.id);
    expect(badFormat.status).toBe(400);
    const badFilter = await exportForMember(url(slug, "format=csv&latency_min=fast"), slug, world.owner.user.id);
    expect(badFilter.status).toBe(400);
    expect((await badFilter.json()).error.field_errors.latency_min[0]).toMatch(/whole number/);
  });

  it("exports nothing of another org, whatever the filters say", async () => {
    const slug = world.other.ctx.org.slug;
    const response = await exportForMember(url(slug, `format=jsonl&key=${world.keyA.id}`), slug, world.other.user.id);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    const mine = await exportForMember(url(slug, "format=jsonl"), slug, world.other.user.id);
    const ids = (await mine.text()).trimEnd().split("\n").map((line) => JSON.parse(line).id);
    expect(ids.sort()).toEqual(world.otherRows.map((r) => r.requestId).sort());
  });
});
