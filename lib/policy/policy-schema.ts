import { z } from "zod";

/**
 * An org's policy: an ordered list of rules. Each rule has conditions on what inspection found and
 * on the request, and an action. Shared by the dashboard editor, the management API and the engine.
 */
export const DIRECTIONS = ["input", "output", "tool_arguments", "tool_result"] as const;
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const CATEGORIES = ["secret", "pii", "prompt_injection", "custom"] as const;

/** An empty list would silently match nothing; leaving the condition out is how a rule says "any". */
const nonEmptyList = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).min(1, { error: `Leave ${what} out to match any; an empty list would match nothing.` }).optional();

const ruleIdPattern = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

const policyActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("block") }),
  z.object({ type: z.literal("redact") }),
  z.object({ type: z.literal("flag") }),
  z.object({ type: z.literal("route"), model: z.string().min(1, { error: "Name the model to route to." }).max(100) }),
  z.object({ type: z.literal("allow") }),
]);

const policyRuleSchema = z.object({
  id: z.string().regex(ruleIdPattern, { error: "Use lower-case letters, digits, '.', '_' or '-' (up to 64)." }),
  description: z.string().max(300).optional(),
  enabled: z.boolean().default(true),
  /** monitor: record what the rule would have done, and do nothing. */
  mode: z.enum(["enforce", "monitor"]).default("enforce"),
  when: z
    .object({
      directions: z.array(z.enum(DIRECTIONS)).min(1, { error: "Pick at least one direction." }).default(["input"]),
      categories: nonEmptyList(z.enum(CATEGORIES), "categories"),
      /** Detector ids; a trailing `*` matches a prefix, e.g. `pii.national_id*`. */
      detectors: nonEmptyList(z.string().min(1).max(80), "detectors"),
      minSeverity: z.enum(SEVERITIES).optional(),
      models: nonEmptyList(z.string().min(1).max(100), "models"),
      keyIds: nonEmptyList(z.string().min(1).max(64), "keyIds"),
      keyTags: nonEmptyList(z.string().min(1).max(64), "keyTags"),
    })
    .default({ directions: ["input"] }),
  action: policyActionSchema,
});

/** A refinement that reports each repeated id on the later item's `id` field. */
export function uniqueIds(message: (id: string) => string) {
  return (items: readonly { id: string }[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: message(item.id) });
      seen.add(item.id);
    });
  };
}

export const policyRulesSchema = z
  .array(policyRuleSchema)
  .max(500, { error: "A policy has at most 500 rules." })
  .superRefine(uniqueIds((id) => `Two rules are named '${id}'. Rule ids must be unique.`));

export type PolicyRule = z.infer<typeof policyRuleSchema>;
export type PolicyAction = z.infer<typeof policyActionSchema>;
export type Direction = (typeof DIRECTIONS)[number];
export type Category = (typeof CATEGORIES)[number];
