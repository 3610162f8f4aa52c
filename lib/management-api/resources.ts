import { z } from "zod";
import type { CatalogModelView } from "@/lib/catalog/catalog-service";
import { API_KEY_SCOPES } from "@/lib/keys/api-key-token";
import { customRulesSchema } from "@/lib/policy/policy-service";
import { policyRulesSchema } from "@/lib/policy/policy-schema";
import { PROVIDER_KINDS } from "@/lib/providers/types";
import { ROUTE_STRATEGIES } from "@/lib/routing/route-schema";
import type { RouteView } from "@/lib/routing/route-service";

/**
 * What the management API returns, validated on the way out (so a field added to a query can
 * never leak by accident) and described in its OpenAPI document.
 */
export const apiKeyResource = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("The key's readable start; the key itself is only returned when created."),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  model_allowlist: z.array(z.string()).describe("Empty means every model of the org."),
  tags: z.array(z.string()).describe("Lower-case `name` or `name:value` labels, e.g. `team:data`."),
  requests_per_minute: z.number().int().nullable().describe("Requests this key may make per minute; null is unlimited."),
  tokens_per_minute: z.number().int().nullable().describe("Tokens (prompt plus answer) this key may use per minute; null is unlimited."),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  created_at: z.string(),
});

export const createdApiKeyResource = apiKeyResource.extend({ key: z.string().describe("Shown once. Store it now.") });

export const providerResource = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  base_url: z.string().nullable(),
  api_version: z.string().nullable(),
  credential_hint: z.string().nullable().describe("The credential's last four characters."),
  model_count: z.number().int(),
  created_at: z.string(),
});

export const personResource = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });

export const modelApprovalResource = z.object({
  state: z.enum(["unreviewed", "approved", "denied"]).describe("Only approved models answer on /v1."),
  key_ids: z.array(z.string()),
  key_tags: z.array(z.string()).describe("With state approved and both lists empty: every key of the org."),
  decided_by: personResource.nullable(),
  decided_at: z.string().nullable(),
  note: z.string().nullable(),
});

export const modelResource = z.object({
  id: z.string(),
  public_name: z.string(),
  kind: z.enum(["chat", "embedding"]),
  upstream_model: z.string(),
  provider: z.object({ id: z.string(), name: z.string() }),
  approval: modelApprovalResource,
  created_at: z.string(),
});

export const connectionTestResource = z.object({ ok: z.boolean(), models: z.array(z.string()), message: z.string().nullable() });

export const listOf = <T extends z.ZodType>(item: T) => z.object({ object: z.literal("list"), data: z.array(item) });

export const errorResource = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    code: z.string().nullable(),
    param: z.string().nullable(),
    field_errors: z.record(z.string(), z.array(z.string())).optional(),
  }),
});

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toApiKeyResource(key: {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  modelAllowlist: string[];
  tags: string[];
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}) {
  return apiKeyResource.parse({
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    model_allowlist: key.modelAllowlist,
    tags: key.tags,
    requests_per_minute: key.requestsPerMinute,
    tokens_per_minute: key.tokensPerMinute,
    expires_at: iso(key.expiresAt),
    revoked_at: iso(key.revokedAt),
    last_used_at: iso(key.lastUsedAt),
    created_at: key.createdAt.toISOString(),
  });
}

export function toProviderResource(provider: {
  id: string;
  name: string;
  kind: (typeof PROVIDER_KINDS)[number];
  baseUrl: string | null;
  apiVersion: string | null;
  credentialHint: string | null;
  createdAt: Date;
  _count: { models: number };
}) {
  return providerResource.parse({
    id: provider.id,
    name: provider.name,
    kind: provider.kind,
    base_url: provider.baseUrl,
    api_version: provider.apiVersion,
    credential_hint: provider.credentialHint,
    model_count: provider._count.models,
    created_at: provider.createdAt.toISOString(),
  });
}

export function toModelResource(model: CatalogModelView) {
  return modelResource.parse({
    id: model.id,
    public_name: model.publicName,
    kind: model.kind,
    upstream_model: model.upstreamModel,
    provider: { id: model.provider.id, name: model.provider.name },
    approval: {
      state: model.approval.state,
      key_ids: model.approval.keyIds,
      key_tags: model.approval.keyTags,
      decided_by: model.decidedBy,
      decided_at: iso(model.decidedAt),
      note: model.decisionNote,
    },
    created_at: model.createdAt.toISOString(),
  });
}

/** Request bodies, in the API's snake_case; each maps onto the dashboard's own input schema. */
export const createApiKeyBody = z.object({
  name: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)).default(["gateway"]),
  expires_at: z.string().describe("ISO 8601 date-time").optional(),
  model_allowlist: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]).describe("At most 20 lower-case `name` or `name:value` labels of at most 64 characters."),
  requests_per_minute: z.number().int().min(1).nullable().optional().describe("Omit or null for no limit."),
  tokens_per_minute: z.number().int().min(1).nullable().optional().describe("Omit or null for no limit."),
});

/** Fields left out stay as they are; null removes a limit. */
export const updateApiKeyBody = z.object({
  tags: z.array(z.string()).optional().describe("Replaces the key's tags."),
  requests_per_minute: z.number().int().min(1).nullable().optional(),
  tokens_per_minute: z.number().int().min(1).nullable().optional(),
});

export const createProviderBody = z.object({
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  base_url: z.string().optional(),
  api_key: z.string().optional().describe("Encrypted at rest; never returned."),
  api_version: z.string().optional().describe("Azure OpenAI only."),
});

export const publishModelBody = z.object({
  public_name: z.string(),
  provider_id: z.string(),
  upstream_model: z.string(),
  kind: z.enum(["chat", "embedding"]).default("chat"),
  approve: z.boolean().default(true).describe("Approve for every key at once; false leaves the model unreviewed until someone asks and an admin decides."),
});

export const policyVersionResource = z.object({
  version: z.number().int().describe("0 means the built-in default of an org created before policies existed."),
  rules: policyRulesSchema,
  custom_rules: customRulesSchema,
  message: z.string(),
  author: z.string().nullable(),
  created_at: z.string(),
});

/** Policy versions are PostgreSQL integers: a larger number names no version and must not reach a query. */
const policyVersionNumber = z.number().int().max(2_147_483_647);

export const savePolicyBody = z.object({
  rules: policyRulesSchema,
  custom_rules: customRulesSchema.default([]),
  message: z.string(),
  base_version: policyVersionNumber.min(0).describe("The version your change starts from; a newer one in force refuses the save (409)."),
});

export const simulatePolicyBody = z.object({ rules: policyRulesSchema, custom_rules: customRulesSchema.default([]) });

export const simulationResource = z.object({
  examined: z.number().int().describe("Recent requests whose prompts were stored (prompt storage 'full')."),
  changed: z.array(
    z.object({ request_id: z.string(), created_at: z.string(), model: z.string().nullable(), before: z.string(), after: z.string(), rules: z.array(z.string()) }),
  ),
});

export const rollbackPolicyBody = z.object({ to_version: policyVersionNumber.min(1), base_version: policyVersionNumber.min(0) });

export function toPolicyVersionResource(policy: {
  version: number;
  rules: z.infer<typeof policyRulesSchema>;
  customRules: unknown[];
  message: string;
  author: string | null;
  createdAt: Date;
}) {
  return policyVersionResource.parse({
    version: policy.version,
    rules: policy.rules,
    custom_rules: policy.customRules,
    message: policy.message,
    author: policy.author,
    created_at: policy.createdAt.toISOString(),
  });
}

export const routeResource = z.object({
  id: z.string(),
  name: z.string().describe("The model name apps send."),
  priority: z.number().int().describe("Among routes of the same name whose conditions hold, the lowest wins."),
  description: z.string().nullable(),
  strategy: z.enum(ROUTE_STRATEGIES),
  latency_target_ms: z.number().int().nullable(),
  workloads: z.array(z.string()),
  key_tags: z.array(z.string()),
  min_prompt_chars: z.number().int().nullable(),
  max_prompt_chars: z.number().int().nullable(),
  targets: z.array(z.object({ model: z.string(), weight: z.number() })),
  problems: z.array(z.string()).describe("Targets that no longer exist; requests skip them."),
  created_at: z.string(),
  updated_at: z.string(),
});

/** A whole route, for create and replace; validated by the route service (field errors name the camelCase fields). */
export const routeBody = z.object({
  name: z.string(),
  priority: z.number().int().default(0),
  description: z.string().nullable().optional(),
  strategy: z.enum(ROUTE_STRATEGIES).default("fallback"),
  latency_target_ms: z.number().int().nullable().optional().describe("Required for the latency strategy."),
  workloads: z.array(z.string()).default([]).describe("Applies only to requests whose x-gateway-workload header is one of these; empty: any."),
  key_tags: z.array(z.string()).default([]).describe("Applies only to keys with any of these tags; empty: any key."),
  min_prompt_chars: z.number().int().nullable().optional(),
  max_prompt_chars: z.number().int().nullable().optional(),
  targets: z
    .array(z.object({ model: z.string().describe("A catalog model or another route's name."), weight: z.number().default(1) }))
    .describe("In order. At least one; not every weight zero."),
});

export function toRouteResource(route: RouteView) {
  return routeResource.parse({
    id: route.id,
    name: route.name,
    priority: route.priority,
    description: route.description,
    strategy: route.strategy,
    latency_target_ms: route.latencyTargetMs,
    workloads: route.workloads,
    key_tags: route.keyTags,
    min_prompt_chars: route.minPromptChars,
    max_prompt_chars: route.maxPromptChars,
    targets: route.targets,
    problems: route.problems,
    created_at: route.createdAt.toISOString(),
    updated_at: route.updatedAt.toISOString(),
  });
}
