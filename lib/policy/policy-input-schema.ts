import { z } from "zod";
import { MAX_CUSTOM_PATTERN_LENGTH } from "@/lib/inspection/custom/limits";
import { policyRulesSchema, SEVERITIES, uniqueIds } from "./policy-schema";

/**
 * What saving a policy takes, kept free of server-only imports so the dashboard editor checks a
 * draft with the very schemas the server applies. The server still checks again, and also compiles
 * the custom detectors (RE2), which only it can do.
 */
export const customRulesSchema = z
  .array(
    z
      .object({
        id: z.string().regex(/^custom\.[a-z0-9_]{1,60}$/, { error: "Custom detector ids look like custom.project_names." }),
        kind: z.enum(["keywords", "regex"]),
        keywords: z.array(z.string()).optional(),
        pattern: z.string().max(MAX_CUSTOM_PATTERN_LENGTH, { error: `Keep patterns under ${MAX_CUSTOM_PATTERN_LENGTH} characters.` }).optional(),
        severity: z.enum(SEVERITIES),
        caseSensitive: z.boolean().optional(),
      })
      .superRefine((rule, ctx) => {
        // The compiler refuses these too, but only here can the message point at the field.
        if (rule.kind === "keywords" && !rule.keywords?.some((keyword) => keyword.trim() !== "")) {
          ctx.addIssue({ code: "custom", path: ["keywords"], message: "List at least one keyword." });
        }
        if (rule.kind === "regex" && !rule.pattern) ctx.addIssue({ code: "custom", path: ["pattern"], message: "Write the pattern to match." });
      }),
  )
  .max(200, { error: "An org has at most 200 custom detectors." })
  .superRefine(uniqueIds((id) => `Two custom detectors are named '${id}'. Ids must be unique.`));

export const savePolicyInputSchema = z.object({
  rules: policyRulesSchema,
  customRules: customRulesSchema.default([]),
  message: z.string().trim().min(1, { error: "Say what changed and why." }).max(500),
  /** The version the editor started from: saving over a newer one is refused, not merged. */
  baseVersion: z.number().int().min(0),
});
export type SavePolicyInput = z.infer<typeof savePolicyInputSchema>;
