import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/orgs/org-access";
import { scrubDetails } from "./scrub-details";

type Tx = Prisma.TransactionClient;

/**
 * Who acted: a dashboard user; a management-API key (with the user it acts for, its creator);
 * or null for the system itself (the retention job).
 */
export type ActivityActor = { userId: string; keyId?: string | null } | { keyId: string } | null;

export type ActivityInput = {
  orgId: string;
  actor: ActivityActor;
  /** Dotted verb, `<target>.<past tense>`: `key.revoked`, `policy.saved`. The Activity page filters by prefix. */
  action: string;
  targetType: string;
  targetId?: string | null;
  summary: string;
  /** Facts about the change. Never secrets: no key values, no provider credentials, no prompt text. */
  details?: Record<string, unknown> | null;
};

/**
 * Records one operator or admin action. Pass the transaction the action runs in, so the action
 * and its record commit (or roll back) together: no change without its trace.
 */
export async function recordActivity(db: Db | Tx, input: ActivityInput): Promise<void> {
  const actor = input.actor;
  await db.adminActivity.create({
    data: {
      orgId: input.orgId,
      actorId: actor && "userId" in actor ? actor.userId : null,
      actorKeyId: actor?.keyId ?? null,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      summary: input.summary.slice(0, 500),
      details: input.details ? (scrubDetails(input.details) as Prisma.InputJsonValue) : undefined,
    },
  });
}

/** The org and actor of a service call, so each call site stays one line: `{ ...by(ctx), action, ... }`. */
export function by(ctx: OrgContext): Pick<ActivityInput, "orgId" | "actor"> {
  return { orgId: ctx.org.id, actor: { userId: ctx.userId, keyId: ctx.apiKeyId ?? null } };
}
