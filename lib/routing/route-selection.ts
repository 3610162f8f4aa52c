import { GatewayError } from "@/lib/gateway/gateway-error";
import type { RouteRecord } from "./route-record";
import { WORKLOAD_PATTERN } from "./route-schema";

export const WORKLOAD_HEADER = "x-gateway-workload";

/** What route conditions look at. */
export type RequestFacts = {
  /** The `x-gateway-workload` label, if the client sent one. */
  workload: string | null;
  /** The calling key's tags (none for the dashboard playground). */
  keyTags: readonly string[];
  /** Characters of prompt text (message text, or embedding inputs). */
  promptChars: number;
};

/** The workload label a client sent, or null; a malformed one is the caller's 400. */
export function workloadOf(headers: Headers): string | null {
  const value = headers.get(WORKLOAD_HEADER);
  if (value === null || value === "") return null;
  if (!WORKLOAD_PATTERN.test(value)) {
    throw new GatewayError(
      400,
      `The ${WORKLOAD_HEADER} header must be 1 to 64 characters of a-z, 0-9 and . _ : - (got ${JSON.stringify(value.slice(0, 80))}).`,
      "invalid_request_error",
      "invalid_workload",
      WORKLOAD_HEADER,
    );
  }
  return value;
}

/** Why a route's conditions hold, as short phrases; null when they do not. */
export function conditionsHold(route: RouteRecord, facts: RequestFacts): string[] | null {
  const because: string[] = [];
  if (route.workloads.length > 0) {
    if (!facts.workload || !route.workloads.includes(facts.workload)) return null;
    because.push(`workload '${facts.workload}'`);
  }
  if (route.keyTags.length > 0) {
    const tag = route.keyTags.find((candidate) => facts.keyTags.includes(candidate));
    if (!tag) return null;
    because.push(`key tag '${tag}'`);
  }
  if (route.minPromptChars !== null && facts.promptChars < route.minPromptChars) return null;
  if (route.maxPromptChars !== null && facts.promptChars > route.maxPromptChars) return null;
  if (route.minPromptChars !== null || route.maxPromptChars !== null) {
    because.push(`prompt of ${facts.promptChars} chars within ${route.minPromptChars ?? 0}–${route.maxPromptChars ?? "∞"}`);
  }
  return because;
}

/** The route that applies among those of one name (sorted by priority): the first whose conditions hold. */
export function selectRoute(routes: readonly RouteRecord[] | undefined, facts: RequestFacts): { route: RouteRecord; because: string[] } | null {
  for (const route of routes ?? []) {
    const because = conditionsHold(route, facts);
    if (because) return { route, because };
  }
  return null;
}
