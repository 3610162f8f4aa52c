import { orgSnapshot } from "@/lib/gateway/gateway-cache";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { BreakerState } from "./circuit-breaker";
import { observedTarget } from "./target-state";

/** One target (a catalog model on its provider) as the provider health view shows it. */
export type TargetHealth = {
  target: string;
  kind: "chat" | "embedding";
  provider: string;
  providerId: string;
  upstreamModel: string;
  /** Moving averages; null until this instance has measured the target. */
  ttftEwmaMs: number | null;
  totalEwmaMs: number | null;
  /** Failed share of recent outcomes (the health window, 5 minutes by default); null with none. */
  errorRate: number | null;
  /** Outcomes in that window. */
  recentRequests: number;
  breaker: BreakerState;
  /** When an open breaker lets its next probe through. */
  breakerProbeAt: Date | null;
  lastError: { status: number; code: string | null; message: string; at: Date } | null;
  /** Answers measured for the total-time average since this instance started. */
  sampleCount: number;
};

/**
 * Per-target health for an org's catalog, as observed by this gateway instance (state is kept in
 * memory per instance; see target-state.ts). Every catalog model is listed, measured or not.
 */
export async function targetHealth(ctx: OrgContext): Promise<TargetHealth[]> {
  assertCan(ctx, "route:read");
  const orgId = ctx.org.id;
  const snapshot = await orgSnapshot(orgId);
  return [...snapshot.models.values()].map((entry) => {
    const state = observedTarget(orgId, entry);
    const errors = state?.errorRate();
    const probeAt = state?.breaker.probeAt ?? null;
    return {
      target: entry.publicName,
      kind: entry.kind,
      provider: entry.target.name,
      providerId: entry.target.id,
      upstreamModel: entry.upstreamModel,
      ttftEwmaMs: state?.ttftEwmaMs == null ? null : Math.round(state.ttftEwmaMs),
      totalEwmaMs: state?.totalEwmaMs == null ? null : Math.round(state.totalEwmaMs),
      errorRate: errors?.rate ?? null,
      recentRequests: errors?.samples ?? 0,
      breaker: state?.breaker.current ?? "closed",
      breakerProbeAt: probeAt === null ? null : new Date(probeAt),
      lastError: state?.lastError ?? null,
      sampleCount: state?.sampleCount ?? 0,
    };
  });
}
