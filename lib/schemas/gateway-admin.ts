import { z } from "zod";
import { API_KEY_SCOPES } from "@/lib/keys/api-key-token";
import { PROVIDER_KINDS } from "@/lib/providers/types";
import { keyLimitsSchema } from "./limits";

/** Zod schemas for the gateway's admin resources: shared by server actions and the management API. */

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `Use at most ${max} characters.` })
    .transform((value) => value || undefined)
    .optional();

export const providerInputSchema = z
  .object({
    name: z.string().trim().min(2, { error: "Use at least 2 characters." }).max(60, { error: "Use at most 60 characters." }),
    kind: z.enum(PROVIDER_KINDS, { error: "Choose a provider type." }),
    baseUrl: optionalText(300).pipe(
      z
        .url({ protocol: /^https?$/, error: "Enter an http(s) URL, e.g. https://api.openai.com/v1." })
        .transform((url) => url.replace(/\/+$/, ""))
        .optional(),
    ),
    apiKey: optionalText(500),
    apiVersion: optionalText(40),
  })
  .superRefine((input, ctx) => {
    if ((input.kind === "openai_compatible" || input.kind === "azure_openai") && !input.baseUrl) {
      ctx.addIssue({ code: "custom", path: ["baseUrl"], message: "This provider type needs its base URL." });
    }
    const needsKey = input.kind === "openai" || input.kind === "anthropic" || input.kind === "gemini" || input.kind === "azure_openai";
    if (needsKey && !input.apiKey) ctx.addIssue({ code: "custom", path: ["apiKey"], message: "Enter the provider's API key." });
  });
export type ProviderInput = z.infer<typeof providerInputSchema>;

export const publicModelNameSchema = z
  .string()
  .trim()
  .min(1, { error: "Name the model." })
  .max(100, { error: "Use at most 100 characters." })
  .regex(/^[\w.:/-]+$/, { error: "Use letters, digits and . _ : / - only." });

export const catalogModelInputSchema = z.object({
  publicName: publicModelNameSchema,
  providerId: z.string().min(1, { error: "Choose a provider." }).max(64),
  upstreamModel: z.string().trim().min(1, { error: "Enter the provider's model id." }).max(200),
  kind: z.enum(["chat", "embedding"]).default("chat"),
  /** Approve for every key at once (the default); false leaves it unreviewed for the approval workflow. */
  approveForAllKeys: z.boolean().optional(),
});
export type CatalogModelInput = z.infer<typeof catalogModelInputSchema>;

export const apiKeyInputSchema = z.object({
  name: z.string().trim().min(1, { error: "Name the key, e.g. the app that uses it." }).max(80, { error: "Use at most 80 characters." }),
  scopes: z.array(z.enum(API_KEY_SCOPES, { error: "Unknown scope." })).min(1, { error: "Choose at least one scope." }),
  expiresAt: z.coerce
    .date({ error: "Enter a valid date." })
    .refine((date) => date.getTime() > Date.now(), { error: "Choose a date in the future." })
    .optional(),
  modelAllowlist: z.array(publicModelNameSchema).max(200).default([]),
  ...keyLimitsSchema.shape,
});
export type ApiKeyInput = z.infer<typeof apiKeyInputSchema>;
