"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { TryResult } from "@/components/policy/types";
import { runOrgAction } from "@/lib/auth/org-action";
import { ValidationError } from "@/lib/errors";
import { compileInspector, redact } from "@/lib/inspection";
import type { CustomRule } from "@/lib/inspection/types";
import { evaluatePolicy } from "@/lib/policy/evaluate";
import { simulateOnRecentTraffic } from "@/lib/policy/simulate-traffic";
import { DIRECTIONS } from "@/lib/policy/policy-schema";
import { assertPolicyRunnable, currentPolicy, rollbackPolicy, savePolicy, savePolicyInputSchema } from "@/lib/policy/policy-service";
import { type FormState, fieldErrorsOf } from "@/lib/schemas/form";

/**
 * Reads the editor's JSON fields. Every field that is not JSON is reported at once (with the
 * parser's reason) before any schema check runs.
 */
function parseJsonFields(fields: Record<"rules" | "customRules", { formName: string; raw: unknown }>, failure: string): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  const errors: Record<string, string[]> = {};
  for (const [key, { formName, raw: value }] of Object.entries(fields)) {
    const raw = String(value ?? "").trim();
    if (raw === "") {
      parsed[key] = key === "customRules" ? [] : undefined;
      continue;
    }
    try {
      parsed[key] = JSON.parse(raw);
    } catch (error) {
      errors[formName] = [`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`];
    }
  }
  if (Object.keys(errors).length > 0) {
    const details = Object.values(errors).flat().join(" ");
    throw new ValidationError(failure.replace("{details}", details), errors);
  }
  return parsed;
}

function readPolicyForm(formData: FormData) {
  return {
    ...parseJsonFields({
      rules: { formName: "rules", raw: formData.get("rules") },
      customRules: { formName: "customRules", raw: formData.get("customRules") },
    }, "The policy was not saved: fix the fields below."),
    message: formData.get("message"),
    baseVersion: Number(formData.get("baseVersion")),
  };
}

export async function savePolicyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "policy:write", schema: savePolicyInputSchema, readForm: readPolicyForm }, async (db, ctx, input) => {
    const saved = await savePolicy(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}/policy`);
    return { ok: true, data: { version: String(saved.version) } };
  });
}

const rollbackSchema = z.object({
  toVersion: z.coerce.number().int().min(1),
  baseVersion: z.coerce.number().int().min(0),
});

export async function rollbackPolicyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "policy:write", schema: rollbackSchema }, async (db, ctx, input) => {
    const saved = await rollbackPolicy(db, ctx, input.toVersion, input.baseVersion);
    revalidatePath(`/${ctx.org.slug}/policy`);
    return { ok: true, data: { version: String(saved.version) } };
  });
}

const tryPolicySchema = z.object({
  prompt: z.string().min(1, { error: "Paste a prompt to try." }).max(200_000, { error: "Keep the prompt under 200,000 characters." }),
  direction: z.enum(DIRECTIONS).default("input"),
  useDraft: z.boolean(),
  draftRules: z.string().optional(),
  draftCustomRules: z.string().optional(),
});

const draftSchema = savePolicyInputSchema.pick({ rules: true, customRules: true });

/**
 * Runs a prompt through the org's current policy (or the editor's draft) and returns findings and
 * the decision. Nothing is stored or logged: the prompt lives only in this request and its answer.
 */
export async function tryPolicyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(
    formData,
    {
      permission: "policy:read",
      schema: tryPolicySchema,
      readForm: (form) => ({
        prompt: form.get("prompt") ?? "",
        direction: form.get("direction") || undefined,
        useDraft: form.get("useDraft") === "on",
        draftRules: form.get("draftRules") ?? undefined,
        draftCustomRules: form.get("draftCustomRules") ?? undefined,
      }),
    },
    async (db, ctx, input) => {
      let rules;
      let customRules: CustomRule[];
      let version: number | null = null;
      if (input.useDraft) {
        const json = parseJsonFields({
          rules: { formName: "draftRules", raw: input.draftRules },
          customRules: { formName: "draftCustomRules", raw: input.draftCustomRules },
        }, "The draft in the editor cannot be simulated. {details}");
        const draft = draftSchema.safeParse(json);
        if (!draft.success) {
          const issues = Object.entries(fieldErrorsOf(draft.error)).map(([path, messages]) => `${path}: ${messages.join(" ")}`);
          throw new ValidationError(`The draft is not a valid policy. ${issues.join(" ")}`);
        }
        assertPolicyRunnable(draft.data.rules, draft.data.customRules as CustomRule[]);
        rules = draft.data.rules;
        customRules = draft.data.customRules as CustomRule[];
      } else {
        const current = await currentPolicy(db, ctx.org.id);
        rules = current.rules;
        customRules = current.customRules;
        version = current.version;
      }
      const findings = compileInspector({ customRules }).inspect(input.prompt);
      const decision = evaluatePolicy(rules, findings, { direction: input.direction });
      const result: TryResult = {
        source: input.useDraft ? "draft" : "current",
        version,
        findings: findings.map(({ ruleId, category, severity, start, end }) => ({ ruleId, category, severity, start, end })),
        decision: {
          action: decision.action,
          matchedRules: decision.matchedRules,
          monitoredRules: decision.monitoredRules,
          flagged: decision.flagged,
          routeTo: decision.routeTo,
        },
        redacted: decision.action === "redact" ? redact(input.prompt, decision.redact) : null,
      };
      // The prompt goes back to the browser that sent it (to highlight it), and nowhere else.
      return { ok: true, data: { result: JSON.stringify(result), prompt: input.prompt }, values: { direction: input.direction, ...(input.useDraft ? { useDraft: "on" } : {}) } };
    },
  );
}

/** Replays the editor's draft over recent stored prompts; only ids and decisions come back. */
export async function simulateTrafficAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(
    formData,
    {
      permission: "policy:write",
      schema: draftSchema,
      keepValues: false,
      readForm: (form) =>
        parseJsonFields(
          { rules: { formName: "draftRules", raw: form.get("draftRules") }, customRules: { formName: "draftCustomRules", raw: form.get("draftCustomRules") } },
          "The draft in the editor cannot be simulated. {details}",
        ),
    },
    async (db, ctx, input) => {
      const result = await simulateOnRecentTraffic(db, ctx, { rules: input.rules, customRules: input.customRules as CustomRule[] });
      const simulation = { examined: result.examined, changed: result.changed.map((change) => ({ ...change, createdAt: change.createdAt.toISOString() })) };
      return { ok: true, data: { simulation: JSON.stringify(simulation) } };
    },
  );
}
