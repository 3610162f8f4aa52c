import { z } from "zod";

/**
 * Slugs are the org's URL segment (`/acme/members`), so they must not shadow the app's own routes.
 */
export const RESERVED_SLUGS = new Set([
  "api", "v1", "mcp", "app", "_next", "static", "public", "assets", "favicon.ico",
  "sign-in", "sign-up", "sign-out", "signin", "signup", "login", "logout", "auth",
  "invite", "invites", "orgs", "org", "new", "account", "settings", "admin", "dashboard",
  "health", "docs", "billing", "help", "support", "www",
]);

export const orgNameSchema = z
  .string({ error: "Name the org." })
  .trim()
  .min(2, { error: "Use at least 2 characters." })
  .max(60, { error: "Use at most 60 characters." });

export const orgSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, { error: "Use at least 3 characters." })
  .max(40, { error: "Use at most 40 characters." })
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, {
    error: "Use lower-case letters, digits and dashes, starting and ending with a letter or digit.",
  })
  .refine((slug) => !RESERVED_SLUGS.has(slug), { error: "That address is reserved. Choose another." });

export const createOrgSchema = z.object({
  name: orgNameSchema,
  slug: z
    .string()
    .trim()
    .transform((value) => value || undefined)
    .pipe(orgSlugSchema.optional()),
});
export type CreateOrgInput = z.infer<typeof createOrgSchema>;

export const renameOrgSchema = z.object({ name: orgNameSchema });

export const promptStorageSchema = z.object({
  promptStorage: z.enum(["none", "redacted", "full"], { error: "Choose none, redacted or full." }),
});

/** A readable slug from an org name: "Acme Corp." -> "acme-corp" (may still be taken or reserved). */
export function slugFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/g, "");
  return slug.length >= 3 ? slug : `${slug || "org"}-team`;
}

/** Days audit rows are kept: 1–3650, or empty for forever. */
export const auditRetentionSchema = z.object({
  auditRetentionDays: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? null : value),
    z.coerce
      .number({ error: "Enter a whole number of days from 1 to 3650, or leave it empty to keep rows forever." })
      .int({ error: "Enter a whole number of days from 1 to 3650, or leave it empty to keep rows forever." })
      .min(1, { error: "Enter a whole number of days from 1 to 3650, or leave it empty to keep rows forever." })
      .max(3650, { error: "At most 3650 days (ten years); leave it empty to keep rows forever." })
      .nullable(),
  ),
});
