import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { lockOrg } from "@/lib/orgs/lock-org";
import { billingEnabled } from "./billing-config";
import { effectivePlan } from "./org-plan";

type Tx = Prisma.TransactionClient;

/** The counted things a plan limits. */
export type PlanResource = "apiKeys" | "members" | "mcpServers";

/** A plan's limit reached: 403 in the management API, a form message in the dashboard. */
export class PlanLimitError extends AppError {
  constructor(message: string) {
    super(message, 403, "plan_limit_reached");
  }
}

const NOUNS: Record<PlanResource, [one: string, many: string]> = {
  apiKeys: ["live API key", "live API keys"],
  members: ["member (pending invites included)", "members (pending invites included)"],
  mcpServers: ["MCP server", "MCP servers"],
};

const FREE_UP: Record<PlanResource, string> = {
  apiKeys: "Revoke a key you no longer use",
  members: "Remove a member or revoke a pending invite",
  mcpServers: "Remove a server you no longer use",
};

/** How many the org has now, as the plan counts them (the billing page shows the same counts). */
export function countOf(tx: Tx | Db, orgId: string, resource: PlanResource, now: Date): Promise<number> {
  switch (resource) {
    case "apiKeys":
      return tx.apiKey.count({ where: { orgId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } });
    case "members":
      return Promise.all([
        tx.membership.count({ where: { orgId } }),
        tx.invite.count({ where: { orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } }),
      ]).then(([members, invites]) => members + invites);
    case "mcpServers":
      return tx.mcpServer.count({ where: { orgId } });
  }
}

/**
 * Refuses to add one more `resource` when the org's plan is full. Call it inside the transaction
 * that adds it: the org row is locked first, so two additions at once cannot both pass the count.
 * `adding` is how many the change adds (accepting an invite turns a counted invite into a member: 0).
 */
export async function assertPlanAllows(tx: Tx, orgId: string, resource: PlanResource, options: { adding?: number; now?: Date } = {}): Promise<void> {
  if (!billingEnabled()) return;
  const now = options.now ?? new Date();
  await lockOrg(tx, orgId);
  const org = await tx.org.findUnique({ where: { id: orgId }, select: { plan: true, billingStatus: true, graceEndsAt: true } });
  if (!org) return;
  const plan = effectivePlan(org, now);
  const limit = plan?.limits[resource];
  if (!plan || limit === null || limit === undefined) return;
  const count = await countOf(tx, orgId, resource, now);
  if (count + (options.adding ?? 1) <= limit) return;
  const [one, many] = NOUNS[resource];
  throw new PlanLimitError(
    `The ${plan.label} plan allows ${limit} ${limit === 1 ? one : many}, and this org has ${count}. ${FREE_UP[resource]}, or an org owner upgrades the plan on the Billing page.`,
  );
}
