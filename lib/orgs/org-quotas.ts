import { by, recordActivity } from "@/lib/activity/record-activity";
import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import { limitStore } from "@/lib/limits/default-store";
import { limitsFor } from "@/lib/limits/limit-plan";
import { monthWindow } from "@/lib/limits/windows";
import type { OrgQuotasInput } from "@/lib/schemas/limits";
import { assertCan, type OrgContext } from "./org-access";

/** The org's monthly quotas (null: unlimited). The billing plan sets them; owners and admins may too. */
export async function getOrgQuotas(db: Db, ctx: OrgContext): Promise<OrgQuotasInput> {
  return db.org.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { monthlyRequestQuota: true, monthlyTokenQuota: true } });
}

/** Sets the quotas; every gateway instance applies them from its next request. */
export async function setOrgQuotas(db: Db, ctx: OrgContext, input: OrgQuotasInput) {
  assertCan(ctx, "org:update");
  await db.$transaction(async (tx) => {
    const before = await tx.org.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { monthlyRequestQuota: true, monthlyTokenQuota: true } });
    await tx.org.update({ where: { id: ctx.org.id }, data: { monthlyRequestQuota: input.monthlyRequestQuota, monthlyTokenQuota: input.monthlyTokenQuota } });
    await recordActivity(tx, { ...by(ctx), action: "org.quotas_changed", targetType: "org", targetId: ctx.org.id, summary: "Changed the monthly quotas", details: { before, after: input } });
  });
  await invalidateOrg(ctx.org.id);
}

/**
 * Requests and tokens counted this calendar month, as the gateway counts them (with Redis, for
 * every instance; without it, this process's). Counted only while a quota is set.
 */
export async function monthlyUsage(ctx: OrgContext, quotas: OrgQuotasInput) {
  const store = await limitStore();
  const month = monthWindow();
  const used = { requests: null as number | null, tokens: null as number | null, resetsAt: month.resetsAt };
  for (const limit of limitsFor({ org: { id: ctx.org.id, ...quotas } })) {
    used[limit.unit] = (await store.peek(limit.counter, limit.subject)).used;
  }
  return used;
}
