import { z } from "zod";

/**
 * The Activity page's and `GET /api/v1/activity`'s filters, as they arrive in a URL: every value a
 * string, empty meaning "not set". Bad values get a message naming the field; no filter can make
 * the query unbounded (a page holds at most 100 rows and is read through an index).
 */
const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A date-only `to` means the end of that day (UTC), so from=to=2026-01-31 is that whole day. */
const date = (endOfDay = false) =>
  z.preprocess(
    blank,
    z
      .string()
      .max(40)
      .refine((value) => !Number.isNaN(Date.parse(value)), { error: `Use a date such as 2026-01-31 or 2026-01-31T12:00:00Z.` })
      .transform((value) => new Date(endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value))
      .optional(),
  );

export const activityFiltersSchema = z
  .object({
    from: date(),
    to: date(true),
    /** A user id (dashboard actions, and API actions made for that user) or an API key id. */
    actor: z.preprocess(blank, z.string().max(64).regex(/^[\w-]+$/, { error: "An id of a person or an API key." }).optional()),
    /** An action or its start: `key.` matches key.created, key.revoked … */
    action: z.preprocess(blank, z.string().max(64).regex(/^[a-z_.]+$/, { error: "Lower-case letters, dots and underscores, e.g. key. or policy.saved." }).optional()),
    targetType: z.preprocess(blank, z.string().max(40).regex(/^[a-z_]+$/, { error: "A target type such as api_key, policy or member." }).optional()),
    /** Words in the summary, case-insensitive. */
    q: z.preprocess(blank, z.string().trim().max(200, { error: "At most 200 characters." }).optional()),
    cursor: z.preprocess(blank, z.string().max(200).optional()),
    limit: z.preprocess(blank, z.coerce.number({ error: "A whole number from 1 to 100." }).int().min(1, { error: "At least 1." }).max(100, { error: "At most 100 per page." }).default(50)),
  })
  .refine((filters) => !filters.from || !filters.to || filters.from <= filters.to, { error: "Must not be after `to`.", path: ["from"] });

export type ActivityFilters = z.output<typeof activityFiltersSchema>;

/** An opaque position: the last row's time and id (ties in time are broken by id). */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [time, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(time ?? "");
  return id && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : null;
}
