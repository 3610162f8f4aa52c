import type { Sort } from "./filters";

/**
 * Keyset cursors: the sort key of the last row shown, (createdAt, id) or (latencyMs, id). Opaque
 * base64url JSON to callers; tied to its sort, so a cursor from a time-sorted page cannot be
 * misread as a latency. Rows written after the first page never shift later pages (no offsets).
 */
export type Cursor = { sort: Sort; at?: string; latency?: number; id: string };

export function encodeCursor(cursor: Cursor): string {
  const key = cursor.sort.startsWith("time") ? cursor.at : cursor.latency;
  return Buffer.from(JSON.stringify([cursor.sort, key, cursor.id])).toString("base64url");
}

export class InvalidCursorError extends Error {
  constructor(message = "This cursor is not valid; start again from the first page.") {
    super(message);
    this.name = "InvalidCursorError";
  }
}

export function decodeCursor(text: string, sort: Sort): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(value) || value.length !== 3 || typeof value[2] !== "string" || value[2].length === 0 || value[2].length > 100) throw new InvalidCursorError();
  const [cursorSort, key, id] = value as [unknown, unknown, string];
  if (cursorSort !== sort) throw new InvalidCursorError("This cursor belongs to a search with another sort order; start again from the first page.");
  if (sort.startsWith("time")) {
    if (typeof key !== "string" || Number.isNaN(Date.parse(key))) throw new InvalidCursorError();
    return { sort, at: new Date(key).toISOString(), id };
  }
  if (typeof key !== "number" || !Number.isInteger(key) || key < 0) throw new InvalidCursorError();
  return { sort, latency: key, id };
}
