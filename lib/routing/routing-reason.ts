import { classify } from "./attempt-executor";
import type { UpstreamError } from "@/lib/providers/types";
import type { RoutingAttempt, RoutingRecord } from "./routing-record";

const NO_HTTP_ANSWER: Record<string, string> = {
  upstream_unreachable: "unreachable",
  upstream_timeout: "timed out",
  upstream_bad_response: "broken answer",
  upstream_stream_error: "stream broke",
};

/** "'a' (503, 503, timed out)": what went wrong with each target that failed, in order. */
function failures(attempts: RoutingAttempt[], except: string | null): string {
  const byTarget = new Map<string, string[]>();
  for (const attempt of attempts) {
    if (attempt.target === except || !attempt.error) continue;
    const what = NO_HTTP_ANSWER[attempt.error] ?? String(attempt.status);
    byTarget.set(attempt.target, [...(byTarget.get(attempt.target) ?? []), what]);
  }
  return [...byTarget].map(([target, what]) => `'${target}' (${what.join(", ")})`).join(", ");
}

/** The last sentence of the record's reason: who answered and what happened before. */
export function explainOutcome(record: RoutingRecord, served: string | null, error: UpstreamError | null): string {
  const skipped = record.skipped.length > 0 ? ` Skipped: ${record.skipped.map((skip) => `'${skip.target}' (${skip.reason})`).join(", ")}.` : "";
  if (served) {
    const retries = record.attempts.filter((attempt) => attempt.target === served).length - 1;
    const failed = failures(record.attempts, served);
    const after = retries > 0 ? ` after ${retries} ${retries === 1 ? "retry" : "retries"}` : record.attempts.length === 1 ? " on the first try" : "";
    return `'${served}' answered${after}${failed ? `, falling back past ${failed}` : ""}.${skipped}`;
  }
  if (!error || error.error.code === "no_available_target") return `No target could be tried.${skipped}`;
  const last = record.attempts.at(-1);
  if (last && classify(error) === "final") {
    return `'${last.target}' refused the request (${last.status}); such answers are returned as they are, with no retry or fallback.${skipped}`;
  }
  return `No target answered: ${failures(record.attempts, null) || "none was reachable"}; the last error is returned.${skipped}`;
}
