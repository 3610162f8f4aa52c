import { by, recordActivity } from "@/lib/activity/record-activity";
import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { compileInspector, DETECTORS, InvalidCustomRuleError } from "@/lib/inspection";
import type { CustomRule } from "@/lib/inspection/types";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { DEFAULT_POLICY_MESSAGE, DEFAULT_POLICY_RULES } from "./default-policy";
import { detectorPatternMatches } from "./evaluate";
import { customRulesSchema, type SavePolicyInput } from "./policy-input-schema";
import { type PolicyRule, policyRulesSchema } from "./policy-schema";

type Tx = Prisma.TransactionClient;

export type PolicyVersionView = {
  version: number;
  rules: PolicyRule[];
  customRules: CustomRule[];
  message: string;
  author: string | null;
  createdAt: Date;
};

export { customRulesSchema, type SavePolicyInput, savePolicyInputSchema } from "./policy-input-schema";

/** The version in force: the highest. Orgs made before policies existed run the default as version 0. */
export async function currentPolicy(db: Db | Tx, orgId: string): Promise<PolicyVersionView> {
  const row = await db.policyVersion.findFirst({
    where: { orgId },
    orderBy: { version: "desc" },
    include: { author: { select: { email: true, name: true } } },
  });
  if (!row) return { version: 0, rules: DEFAULT_POLICY_RULES, customRules: [], message: DEFAULT_POLICY_MESSAGE, author: null, createdAt: new Date(0) };
  return toView(row);
}

function toView(row: {
  version: number;
  rules: Prisma.JsonValue;
  customRules: Prisma.JsonValue;
  message: string;
  createdAt: Date;
  author: { email: string; name: string | null } | null;
}): PolicyVersionView {
  return {
    version: row.version,
    rules: policyRulesSchema.parse(row.rules),
    customRules: customRulesSchema.parse(row.customRules) as CustomRule[],
    message: row.message,
    author: row.author ? (row.author.name ?? row.author.email) : null,
    createdAt: row.createdAt,
  };
}

export async function policyHistory(db: Db, ctx: OrgContext): Promise<PolicyVersionView[]> {
  assertCan(ctx, "policy:read");
  const rows = await db.policyVersion.findMany({
    where: { orgId: ctx.org.id },
    orderBy: { version: "desc" },
    take: 200,
    include: { author: { select: { email: true, name: true } } },
  });
  return rows.map(toView);
}

/**
 * Checks that a policy can run before it is saved: custom detectors compile (RE2), and every
 * detector a rule names exists. Nothing half-valid is ever stored, so nothing half-valid is served.
 */
export function assertPolicyRunnable(rules: PolicyRule[], customRules: CustomRule[]): void {
  try {
    compileInspector({ customRules });
  } catch (error) {
    if (error instanceof InvalidCustomRuleError) throw new ValidationError(error.message, { [customRuleErrorPath(customRules, error.ruleId)]: [error.message] });
    throw error;
  }
  const known = [...DETECTORS.map((detector) => detector.id), ...customRules.map((rule) => rule.id)];
  for (const [index, rule] of rules.entries()) {
    for (const pattern of rule.when.detectors ?? []) {
      if (!known.some((id) => detectorPatternMatches(pattern, id))) {
        const message = `Rule '${rule.id}' names the detector '${pattern}', which does not exist.`;
        throw new ValidationError(message, { [`rules.${index}.when.detectors`]: [message] });
      }
    }
  }
}

/** The field a compile error belongs to, so an editor can show it there (a second use of an id is the id's fault). */
function customRuleErrorPath(customRules: CustomRule[], ruleId: string): string {
  const indexes = customRules.flatMap((rule, index) => (rule.id === ruleId ? [index] : []));
  const index = indexes.at(-1);
  if (index === undefined) return "customRules";
  if (indexes.length > 1) return `customRules.${index}.id`;
  return `customRules.${index}.${customRules[index]!.kind === "regex" ? "pattern" : "keywords"}`;
}

/** Saves the next version. Refused when someone saved a newer one since `baseVersion`. */
export async function savePolicy(db: Db, ctx: OrgContext, input: SavePolicyInput, rolledBackTo?: number): Promise<PolicyVersionView> {
  assertCan(ctx, "policy:write");
  assertPolicyRunnable(input.rules, input.customRules as CustomRule[]);
  const current = await currentPolicy(db, ctx.org.id);
  if (current.version !== input.baseVersion) {
    throw new ConflictError(`The policy changed while you were editing: version ${current.version} is now in force. Reload to see it, then apply your change again.`);
  }
  try {
    const version = input.baseVersion + 1;
    const summary = rolledBackTo === undefined ? `Saved policy version ${version}: ${input.message}` : `Rolled the policy back to version ${rolledBackTo} (as version ${version})`;
    const row = await db.$transaction(async (tx) => {
      const created = await tx.policyVersion.create({
        data: { orgId: ctx.org.id, version, rules: input.rules, customRules: input.customRules, message: input.message, authorId: ctx.userId },
        include: { author: { select: { email: true, name: true } } },
      });
      await recordActivity(tx, { ...by(ctx), action: rolledBackTo === undefined ? "policy.saved" : "policy.rolled_back", targetType: "policy", targetId: String(version), summary, details: { version, rolledBackTo, rules: input.rules.length, customRules: input.customRules.length } });
      return created;
    });
    await invalidateOrg(ctx.org.id);
    return toView(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError("Someone else saved the policy at the same moment. Reload to see their version, then apply your change again.");
    }
    throw error;
  }
}

/** Rolls back by saving an old version's rules as the next version, so history only grows. */
export async function rollbackPolicy(db: Db, ctx: OrgContext, toVersion: number, baseVersion: number): Promise<PolicyVersionView> {
  assertCan(ctx, "policy:write");
  const target = await db.policyVersion.findUnique({ where: { orgId_version: { orgId: ctx.org.id, version: toVersion } } });
  if (!target) throw new NotFoundError(`There is no version ${toVersion}.`);
  return savePolicy(db, ctx, {
    rules: policyRulesSchema.parse(target.rules),
    customRules: customRulesSchema.parse(target.customRules),
    message: `Roll back to version ${toVersion}`,
    baseVersion,
  }, toVersion);
}
