import { z } from "zod";
import { publicModelNameSchema } from "@/lib/schemas/gateway-admin";

/**
 * A route as people write it: shared by the route service, server actions, the management API
 * (and its OpenAPI document). Checks that need the org's catalog and other routes (unknown models,
 * alias loops) are in route-references.ts; these are the ones a route can fail on its own.
 */
export const ROUTE_STRATEGIES = ["fallback", "weighted", "latency"] as const;
export type RouteStrategy = (typeof ROUTE_STRATEGIES)[number];

/** Workload labels, as clients send them in `x-gateway-workload` and routes list them. */
export const WORKLOAD_PATTERN = /^[a-z0-9._:-]{1,64}$/;
const workloadSchema = z.string().trim().regex(WORKLOAD_PATTERN, { error: "Workloads use a-z, 0-9 and . _ : - (up to 64)." });
const keyTagSchema = z
  .string()
  .trim()
  .min(1, { error: "Tags cannot be empty." })
  .max(64, { error: "Tags have at most 64 characters." })
  .regex(/^[\w.:/-]+$/, { error: "Tags use letters, digits and . _ : / - only." });

export const routeTargetSchema = z.object({
  model: publicModelNameSchema.describe("A catalog model's public name, or another route's name (an alias)."),
  weight: z
    .number({ error: "Weights are numbers." })
    .min(0, { error: "Weights cannot be negative." })
    .max(1_000_000, { error: "Use a weight up to 1000000." })
    .default(1)
    .describe("Share of traffic for the weighted strategy; 0 makes the target a fallback only."),
});
export type RouteTarget = z.infer<typeof routeTargetSchema>;

const optionalCount = z.number({ error: "Enter a whole number." }).int({ error: "Enter a whole number." }).min(0, { error: "Cannot be negative." }).max(100_000_000).nullish();

export const routeInputSchema = z
  .object({
    name: publicModelNameSchema.describe("The model name apps send. A catalog model of the same name serves when no route of this name applies."),
    priority: z
      .number({ error: "Enter a whole number." })
      .int({ error: "Enter a whole number." })
      .min(-1_000_000)
      .max(1_000_000)
      .default(0)
      .describe("Among routes of the same name whose conditions hold, the lowest priority wins."),
    description: z
      .string()
      .trim()
      .max(300, { error: "Use at most 300 characters." })
      .transform((value) => value || null)
      .nullish(),
    strategy: z.enum(ROUTE_STRATEGIES, { error: "Choose fallback, weighted or latency." }).default("fallback"),
    latencyTargetMs: z
      .number({ error: "Enter milliseconds." })
      .int({ error: "Enter whole milliseconds." })
      .min(1, { error: "Use at least 1 ms." })
      .max(600_000, { error: "Use at most 600000 ms." })
      .nullish()
      .describe("Latency strategy: targets whose moving-average latency (time to first token for streams, total otherwise) is at most this are preferred."),
    workloads: z.array(workloadSchema).max(50).default([]).describe("Applies only to requests with one of these `x-gateway-workload` labels; empty: any."),
    keyTags: z.array(keyTagSchema).max(50).default([]).describe("Applies only to keys carrying any of these tags; empty: any key."),
    minPromptChars: optionalCount.describe("Applies only to prompts with at least this many characters."),
    maxPromptChars: optionalCount.describe("Applies only to prompts with at most this many characters."),
    targets: z
      .array(routeTargetSchema)
      .min(1, { error: "Add at least one target." })
      .max(20, { error: "A route has at most 20 targets." })
      .describe("In order: the fallback order, and the order ties are broken in."),
  })
  .superRefine((route, ctx) => {
    if (route.targets.length > 0 && route.targets.every((target) => target.weight === 0)) {
      ctx.addIssue({ code: "custom", path: ["targets"], message: "Give at least one target a weight above zero: with every weight at zero the route could pick nothing." });
    }
    const seen = new Set<string>();
    route.targets.forEach((target, index) => {
      if (seen.has(target.model)) ctx.addIssue({ code: "custom", path: ["targets", index, "model"], message: `'${target.model}' is listed twice. List each target once.` });
      seen.add(target.model);
    });
    if (route.strategy === "latency" && route.latencyTargetMs == null) {
      ctx.addIssue({ code: "custom", path: ["latencyTargetMs"], message: "The latency strategy needs a latency target in milliseconds." });
    }
    if (route.minPromptChars != null && route.maxPromptChars != null && route.minPromptChars > route.maxPromptChars) {
      ctx.addIssue({ code: "custom", path: ["maxPromptChars"], message: "The maximum prompt size must not be below the minimum." });
    }
  });

export type RouteInput = z.infer<typeof routeInputSchema>;

/**
 * Reads a route form (for server actions): one field per scalar, comma- or newline-separated
 * `workloads` and `keyTags`, and the targets as repeated `targetModel` / `targetWeight` fields in
 * order. Blank numbers are "not set". The result goes through routeInputSchema like any input.
 */
export function readRouteForm(formData: FormData): unknown {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value.trim() : "";
  };
  const number = (name: string) => (text(name) === "" ? null : Number(text(name)));
  const list = (name: string) =>
    text(name)
      .split(/[\s,]+/)
      .filter(Boolean);
  return {
    name: text("name"),
    priority: number("priority") ?? 0,
    description: text("description"),
    strategy: text("strategy") || "fallback",
    latencyTargetMs: number("latencyTargetMs"),
    workloads: list("workloads"),
    keyTags: list("keyTags"),
    minPromptChars: number("minPromptChars"),
    maxPromptChars: number("maxPromptChars"),
    targets: readRouteFormTargets(formData).map((target) => ({ model: target.model, weight: target.weight ? Number(target.weight) : 1 })),
  };
}

/**
 * The target rows of a route form as typed, in order, rows without a model left out: the list
 * readRouteForm validates, so `targets.N` in its errors is row N of this list. A form that fails
 * echoes it back to rebuild the same rows.
 */
export function readRouteFormTargets(formData: FormData): { model: string; weight: string }[] {
  const weights = formData.getAll("targetWeight").map((value) => String(value).trim());
  return formData
    .getAll("targetModel")
    .map((value, index) => ({ model: String(value).trim(), weight: weights[index] ?? "" }))
    .filter((target) => target.model !== "");
}
