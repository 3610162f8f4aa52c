import { z } from "zod";

/** Limits are stored as PostgreSQL `integer`. */
const MAX_LIMIT = 2_147_483_647;
const WHOLE_NUMBER = "Enter a whole number greater than 0, or leave it empty for no limit.";

/**
 * An optional limit: a positive whole number, or null for none. Forms send text ("" is none),
 * the management API numbers or null.
 */
const limitValueSchema = z.preprocess(
  (value) => {
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") return value;
    return value.trim() === "" ? null : Number(value.trim());
  },
  z
    .number({ error: WHOLE_NUMBER })
    .int({ error: WHOLE_NUMBER, abort: true })
    .positive({ error: WHOLE_NUMBER, abort: true })
    .max(MAX_LIMIT, { error: `Use at most ${MAX_LIMIT}.` })
    .nullable(),
);

/** `team`, `env:prod`, `team:data-eng`, `cost-center:4711/b`. */
const TAG_PATTERN = /^[a-z0-9][a-z0-9._-]*(?::[a-z0-9][a-z0-9._/-]*)?$/;
const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 64;

/**
 * A key's tags: lower-case `name` or `name:value`, at most 20 of at most 64 characters. Blank
 * entries and repeats are dropped. Errors name the offending tags and stay on the `tags` field.
 */
export const keyTagsSchema = z
  .array(z.string({ error: "Each tag is text." }), { error: "Tags are a list." })
  .transform((tags) => [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))])
  .superRefine((tags, ctx) => {
    if (tags.length > MAX_TAGS) ctx.addIssue({ code: "custom", message: `Use at most ${MAX_TAGS} tags (${tags.length} given).` });
    const tooLong = tags.filter((tag) => tag.length > MAX_TAG_LENGTH);
    if (tooLong.length) ctx.addIssue({ code: "custom", message: `Tags are at most ${MAX_TAG_LENGTH} characters: ${tooLong.map((tag) => `"${tag.slice(0, 24)}…"`).join(", ")}.` });
    const malformed = tags.filter((tag) => tag.length <= MAX_TAG_LENGTH && !TAG_PATTERN.test(tag));
    if (malformed.length) {
      ctx.addIssue({
        code: "custom",
        message: `Not a valid tag: ${malformed.map((tag) => `"${tag}"`).join(", ")}. Use lower-case name or name:value (letters, digits, . _ -, and / in values), e.g. team:data.`,
      });
    }
  });

/** Comma-separated tags as typed in a form field. */
export const splitTags = (text: unknown): string[] => (typeof text === "string" ? text.split(",") : []);

/** What an admin sets on a key besides its name, scopes and models: tags and per-minute limits. */
export const keyLimitsSchema = z.object({
  tags: keyTagsSchema.default([]),
  requestsPerMinute: limitValueSchema,
  tokensPerMinute: limitValueSchema,
});
export type KeyLimitsInput = z.infer<typeof keyLimitsSchema>;

/** An org's monthly quotas (calendar month, UTC); null is unlimited. */
export const orgQuotasSchema = z.object({
  monthlyRequestQuota: limitValueSchema,
  monthlyTokenQuota: limitValueSchema,
});
export type OrgQuotasInput = z.infer<typeof orgQuotasSchema>;
