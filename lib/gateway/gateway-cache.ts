import { LRUCache } from "lru-cache";
import type { OrgBillingState } from "@/lib/billing/org-plan";
import { ALL_ORGS, channelLive, onOrgInvalidated } from "@/lib/cache/invalidation";
import type { ModelApproval } from "@/lib/catalog/model-approval";
import { classifyReadFailure, DatabaseUnavailableError, databaseIsUp, outageMode, withDatabaseDeadline } from "@/lib/db/availability";
import { getDb } from "@/lib/db/client";
import type { PromptStorage } from "@/lib/generated/prisma/enums";
import { currentPolicy } from "@/lib/policy/policy-service";
import { toTarget } from "@/lib/providers/provider-service";
import { loadRoutes, type RoutesByName } from "@/lib/routing/route-record";
import type { ProviderTarget } from "@/lib/providers/types";
import { databaseUnavailable } from "./gateway-error";
import { type CompiledPolicy, compilePolicy } from "./policy-stage";

/**
 * What the hot path reads, held in memory: API keys by hash and one snapshot per org (settings and
 * catalog with decrypted provider targets). Any change to an org drops its entries on every
 * instance (lib/cache/invalidation.ts); the TTL is only a safety net. Expired entries are kept
 * (until the LRU evicts them) so that, with DATABASE_OUTAGE_MODE=serve_cached, they can stand in
 * while the database is down (lib/db/availability.ts).
 */
export type KeyRecord = {
  id: string;
  orgId: string;
  name: string;
  prefix: string;
  scopes: string[];
  modelAllowlist: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** Who created it: management-API actions taken with the key are attributed to them. */
  createdById: string;
  /** Labels such as `team:data`; model approvals and routes can be limited to them. */
  tags: string[];
  /** Per-key limits enforced by lib/limits (null: none). */
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
};

export type CatalogEntry = {
  publicName: string;
  kind: "chat" | "embedding";
  upstreamModel: string;
  target: ProviderTarget;
  createdAt: Date;
  /** Which keys may use it; lib/gateway/resolve-model.ts applies the rule. */
  approval: ModelApproval;
};

export type OrgSnapshot = {
  org: { id: string; slug: string; promptStorage: PromptStorage; monthlyRequestQuota: number | null; monthlyTokenQuota: number | null; billing: OrgBillingState };
  models: Map<string, CatalogEntry>;
  policy: CompiledPolicy;
  /** Routes by model name, lowest priority first (lib/routing). */
  routes: RoutesByName;
};

const CACHE_TTL_MS = 5 * 60_000;
/** While the invalidation channel is down, other instances' changes go unheard: trust an entry this long. */
const UNHEARD_MAX_AGE_MS = 1_000;

type Caches = { keys: LRUCache<string, { record: KeyRecord | null; at: number }>; orgs: LRUCache<string, { snapshot: OrgSnapshot; at: number }> };
const globalForCache = globalThis as unknown as { gatewayCaches?: Caches };

function caches(): Caches {
  if (globalForCache.gatewayCaches) return globalForCache.gatewayCaches;
  const created: Caches = {
    keys: new LRUCache({ max: 100_000, ttl: CACHE_TTL_MS, noDeleteOnStaleGet: true }),
    orgs: new LRUCache({ max: 10_000, ttl: CACHE_TTL_MS, noDeleteOnStaleGet: true }),
  };
  onOrgInvalidated((orgId) => {
    if (orgId === ALL_ORGS) {
      created.orgs.clear();
      created.keys.clear();
      return;
    }
    created.orgs.delete(orgId);
    for (const [hash, entry] of created.keys.entries()) {
      if (!entry.record || entry.record.orgId === orgId) created.keys.delete(hash);
    }
  });
  globalForCache.gatewayCaches = created;
  return created;
}

/** The key with this hash, or null. Unknown hashes are remembered briefly so guessing is cheap for us. */
export async function findKeyByHash(hash: string): Promise<KeyRecord | null> {
  const { keys } = caches();
  const cached = keys.get(hash);
  if (cached && trusted(cached.at)) return cached.record;
  return readThroughOutage(
    () => keys.get(hash, { allowStale: true })?.record,
    () => readKey(hash),
    (record) => keys.set(hash, { record, at: Date.now() }, record ? {} : { ttl: 10_000 }),
  );
}

async function readKey(hash: string): Promise<KeyRecord | null> {
  const db = await getDb();
  return db.apiKey.findUnique({
    where: { hash },
    select: {
      id: true,
      orgId: true,
      name: true,
      prefix: true,
      scopes: true,
      modelAllowlist: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdById: true,
      tags: true,
      requestsPerMinute: true,
      tokensPerMinute: true,
    },
  });
}

export async function orgSnapshot(orgId: string): Promise<OrgSnapshot> {
  const { orgs } = caches();
  const cached = orgs.get(orgId);
  if (cached && trusted(cached.at)) return cached.snapshot;
  return readThroughOutage(
    () => orgs.get(orgId, { allowStale: true })?.snapshot,
    () => readSnapshot(orgId),
    (snapshot) => orgs.set(orgId, { snapshot, at: Date.now() }),
  );
}

function trusted(cachedAt: number): boolean {
  return channelLive() || Date.now() - cachedAt < UNHEARD_MAX_AGE_MS;
}

/**
 * Reads from the database within its deadline and caches what it read. When the database is
 * unavailable, the expired cached value stands in if the outage mode allows it (and stays expired,
 * so the first read after the outage replaces it); otherwise the caller gets a 503.
 */
async function readThroughOutage<T>(stale: () => T | undefined, read: () => Promise<T>, cache: (value: T) => void): Promise<T> {
  const standIn = outageMode() === "serve_cached" ? stale() : undefined;
  if (!databaseIsUp()) {
    if (standIn !== undefined) return standIn;
    throw databaseUnavailable();
  }
  try {
    const value = await withDatabaseDeadline(read());
    cache(value);
    return value;
  } catch (error) {
    const failure = await classifyReadFailure(error);
    if (!(failure instanceof DatabaseUnavailableError)) throw failure;
    if (standIn !== undefined) return standIn;
    throw databaseUnavailable();
  }
}

async function readSnapshot(orgId: string): Promise<OrgSnapshot> {
  const db = await getDb();
  // One database wait on a miss, not three: the org with its catalog, its policy and its routes.
  const [org, policy, routes] = await Promise.all([
    db.org.findUniqueOrThrow({
      where: { id: orgId },
      select: {
        id: true,
        slug: true,
        promptStorage: true,
        monthlyRequestQuota: true,
        monthlyTokenQuota: true,
        plan: true,
        billingStatus: true,
        graceEndsAt: true,
        models: { include: { provider: true }, orderBy: { publicName: "asc" } },
      },
    }),
    currentPolicy(db, orgId).then(compilePolicy),
    loadRoutes(db, orgId),
  ]);
  const models = new Map<string, CatalogEntry>();
  for (const model of org.models) {
    models.set(model.publicName, {
      publicName: model.publicName,
      kind: model.kind,
      upstreamModel: model.upstreamModel,
      target: toTarget(org.id, model.provider),
      createdAt: model.createdAt,
      approval: { state: model.approvalState, keyIds: model.approvedKeyIds, keyTags: model.approvedKeyTags },
    });
  }
  return {
    org: {
      id: org.id,
      slug: org.slug,
      promptStorage: org.promptStorage,
      monthlyRequestQuota: org.monthlyRequestQuota,
      monthlyTokenQuota: org.monthlyTokenQuota,
      billing: { plan: org.plan, billingStatus: org.billingStatus, graceEndsAt: org.graceEndsAt },
    },
    models,
    policy,
    routes,
  };
}
