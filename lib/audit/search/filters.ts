import { z } from "zod";
import { fieldErrorsOf } from "@/lib/schemas/form";

/**
 * The audit search's filters as they travel in a URL query string (the dashboard page, its export
 * links, and the management API all read the same parameters), parsed with field-named messages.
 */
export const SORTS = ["time_desc", "time_asc", "latency_desc", "latency_asc"] as const;
export const DECISIONS = ["allow", "flag", "redact", "block"] as const;
export const OUTCOMES = ["ok", "error", "incomplete", "blocked"] as const;
/** What a row is a record of: a model request (LLM) or an MCP tool call (a row with a tool name). */
export const KINDS = ["llm", "tool"] as const;
/** Relative time ranges, resolved when the search runs, so a shared "last 24 hours" link stays one. */
export const RANGES = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export type Sort = (typeof SORTS)[number];

export type SearchFilters = {
  from?: Date;
  to?: Date;
  range?: keyof typeof RANGES;
  key?: string;
  user?: string;
  requestedModel?: string;
  servedModel?: string;
  provider?: string;
  decision?: (typeof DECISIONS)[number];
  rule?: string;
  /** An exact code (403) or a class (4xx), as an inclusive range. */
  status?: { min: number; max: number; text: string };
  outcome?: (typeof OUTCOMES)[number];
  latencyMin?: number;
  latencyMax?: number;
  tokensMin?: number;
  tokensMax?: number;
  requestId?: string;
  q?: string;
  kind?: (typeof KINDS)[number];
  /** An MCP tool's exposed name (`github__create_issue`), exactly. */
  toolName?: string;
  sort: Sort;
};

/** URL parameter names, snake_case as the management API spells them. */
export const FILTER_PARAMS = [
  "from", "to", "range", "key", "user", "requested_model", "served_model", "provider", "decision", "rule",
  "status", "outcome", "latency_min", "latency_max", "tokens_min", "tokens_max", "request_id", "q", "kind", "tool", "sort",
] as const;

// A date, or a date and time; without a zone it is read as UTC (the page says so).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:\d{2})?$/i;
const dateParam = z
  .string()
  .regex(DATE_TIME, { error: "Use a date like 2026-11-24 or 2026-11-24T09:30 (UTC), or ISO 8601 with a zone." })
  .transform((value, ctx) => {
    if (!realCalendarDate(value)) {
      ctx.addIssue({ code: "custom", message: "This is not a real date and time." });
      return z.NEVER;
    }
    const zoned = /(Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value.includes("T") ? value : `${value}T00:00:00`}Z`;
    return new Date(zoned);
  });

/** JavaScript rolls 2026-02-31 over into March; a filter should say it is wrong instead. */
function realCalendarDate(value: string): boolean {
  const [y, mo, d, h = 0, mi = 0, s = 0] = (value.match(/\d+/g) ?? []).slice(0, 6).map(Number);
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h, mi, s));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d && date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
}
const id = (what: string) => z.string().max(100, { error: `A ${what} id is at most 100 characters.` });
const name = (what: string) => z.string().max(200, { error: `A ${what} is at most 200 characters.` });
const count = (what: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, { error: `${what} must be a whole number of at least 0.` })
    .transform(Number);
const statusParam = z
  .string()
  .regex(/^[1-5](\d\d|xx)$/i, { error: "Use an HTTP status like 403, or a class like 4xx." })
  .transform((text) => {
    const lower = text.toLowerCase();
    return lower.endsWith("xx") ? { min: Number(lower[0]) * 100, max: Number(lower[0]) * 100 + 99, text: lower } : { min: Number(lower), max: Number(lower), text: lower };
  });

const filterSchema = z
  .object({
    from: dateParam.optional(),
    to: dateParam.optional(),
    range: z.enum(Object.keys(RANGES) as [keyof typeof RANGES], { error: "Choose a range of 1h, 24h, 7d or 30d." }).optional(),
    key: id("key").optional(),
    user: id("user").optional(),
    requested_model: name("model name").optional(),
    served_model: name("model name").optional(),
    provider: id("provider").optional(),
    decision: z.enum(DECISIONS, { error: "Choose allow, flag, redact or block." }).optional(),
    rule: name("rule id").optional(),
    status: statusParam.optional(),
    outcome: z.enum(OUTCOMES, { error: "Choose ok, error, incomplete or blocked." }).optional(),
    latency_min: count("Latency (ms)").optional(),
    latency_max: count("Latency (ms)").optional(),
    tokens_min: count("Tokens").optional(),
    tokens_max: count("Tokens").optional(),
    request_id: id("request").optional(),
    q: z.string().max(200, { error: "Search text is at most 200 characters." }).optional(),
    kind: z.enum(KINDS, { error: "Choose llm (model requests) or tool (MCP tool calls)." }).optional(),
    tool: name("tool name").optional(),
    sort: z.enum(SORTS, { error: "Sort by time_desc, time_asc, latency_desc or latency_asc." }).default("time_desc"),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "llm" && value.tool) ctx.addIssue({ code: "custom", path: ["tool"], message: "Only tool calls have a tool: choose all kinds or tool calls." });
    if (value.range && value.from) ctx.addIssue({ code: "custom", path: ["range"], message: "Choose a range or a from date, not both." });
    if (value.from && value.to && value.from >= value.to) ctx.addIssue({ code: "custom", path: ["to"], message: "The end must be after the start." });
    if (value.latency_min !== undefined && value.latency_max !== undefined && value.latency_min > value.latency_max)
      ctx.addIssue({ code: "custom", path: ["latency_max"], message: "The maximum latency must be at least the minimum." });
    if (value.tokens_min !== undefined && value.tokens_max !== undefined && value.tokens_min > value.tokens_max)
      ctx.addIssue({ code: "custom", path: ["tokens_max"], message: "The maximum tokens must be at least the minimum." });
  });

export type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

/** Reads one value per parameter; empty ones (a form's blank fields) count as absent. */
export function readParams(source: ParamSource, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const raw = source instanceof URLSearchParams ? source.get(name) : source[name];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value) out[name] = value;
  }
  return out;
}

export type ParsedFilters = { ok: true; filters: SearchFilters } | { ok: false; fieldErrors: Record<string, string[]> };

export function parseFilters(source: ParamSource): ParsedFilters {
  const parsed = filterSchema.safeParse(readParams(source, FILTER_PARAMS));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const v = parsed.data;
  return {
    ok: true,
    filters: {
      from: v.from,
      to: v.to,
      range: v.range,
      key: v.key,
      user: v.user,
      requestedModel: v.requested_model,
      servedModel: v.served_model,
      provider: v.provider,
      decision: v.decision,
      rule: v.rule,
      status: v.status,
      outcome: v.outcome,
      latencyMin: v.latency_min,
      latencyMax: v.latency_max,
      tokensMin: v.tokens_min,
      tokensMax: v.tokens_max,
      requestId: v.request_id,
      q: v.q,
      kind: v.kind,
      toolName: v.tool,
      sort: v.sort,
    },
  };
}

/** The page size: default 50, at most 200, with a message rather than a silent clamp. */
export function parseLimit(source: ParamSource): { ok: true; limit: number } | { ok: false; fieldErrors: Record<string, string[]> } {
  const raw = readParams(source, ["limit"]).limit;
  if (raw === undefined) return { ok: true, limit: DEFAULT_PAGE_SIZE };
  const limit = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE_SIZE)) return { ok: false, fieldErrors: { limit: [`A page holds 1 to ${MAX_PAGE_SIZE} requests.`] } };
  return { ok: true, limit };
}

/** The filters back as query parameters: for "next page" links, export links and shared URLs. */
export function filtersToParams(filters: SearchFilters): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string | number | undefined) => value !== undefined && params.set(name, String(value));
  set("from", filters.from?.toISOString());
  set("to", filters.to?.toISOString());
  set("range", filters.range);
  set("key", filters.key);
  set("user", filters.user);
  set("requested_model", filters.requestedModel);
  set("served_model", filters.servedModel);
  set("provider", filters.provider);
  set("decision", filters.decision);
  set("rule", filters.rule);
  set("status", filters.status?.text);
  set("outcome", filters.outcome);
  set("latency_min", filters.latencyMin);
  set("latency_max", filters.latencyMax);
  set("tokens_min", filters.tokensMin);
  set("tokens_max", filters.tokensMax);
  set("request_id", filters.requestId);
  set("q", filters.q);
  set("kind", filters.kind);
  set("tool", filters.toolName);
  if (filters.sort !== "time_desc") params.set("sort", filters.sort);
  return params;
}

/** The time window a search covers now: a relative range ends now. */
export function timeWindow(filters: SearchFilters, now = new Date()): { from?: Date; to?: Date } {
  if (filters.range) return { from: new Date(now.getTime() - RANGES[filters.range]), to: filters.to };
  return { from: filters.from, to: filters.to };
}
