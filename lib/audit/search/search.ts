import type { Db } from "@/lib/db/client";
import { type Cursor, decodeCursor, encodeCursor } from "./cursor";
import type { SearchFilters } from "./filters";
import type { SearchRow } from "./row";
import { toDate } from "./row";
import { buildSearchQuery, type SqlQuery } from "./sql";

/** Runs a statement and returns its rows: Prisma in the app, a bare `pg` client in the benchmark. */
export type QueryRunner = (query: SqlQuery) => Promise<SearchRow[]>;

export const prismaRunner =
  (db: Db): QueryRunner =>
  (query) =>
    db.$queryRawUnsafe<SearchRow[]>(query.text, ...query.values);

export type SearchPage = { rows: SearchRow[]; nextCursor: string | null };

/**
 * One page of the org's requests. `cursor` is the opaque string a previous page returned
 * (InvalidCursorError when it is not one). The org id comes from the caller's verified context.
 */
export async function searchRequests(run: QueryRunner, orgId: string, filters: SearchFilters, page: { cursor?: string | null; limit: number; now?: Date }): Promise<SearchPage> {
  const cursor = page.cursor ? decodeCursor(page.cursor, filters.sort) : undefined;
  const rows = (await run(buildSearchQuery(orgId, filters, { cursor, limit: page.limit, now: page.now }))).map((row) => ({ ...row, createdAt: toDate(row.createdAt) }));
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  const nextCursor = rows.length > page.limit && last ? encodeCursor(cursorAfter(filters.sort, last)) : null;
  return { rows: shown, nextCursor };
}

function cursorAfter(sort: SearchFilters["sort"], row: SearchRow): Cursor {
  return sort.startsWith("time") ? { sort, at: row.createdAt.toISOString(), id: row.id } : { sort, latency: row.latencyMs, id: row.id };
}
