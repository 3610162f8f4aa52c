import type { Finding } from "@/lib/inspection/types";
import type { PolicyDecision } from "@/lib/policy/evaluate";
import type { RuleChange } from "@/lib/policy/policy-diff";
import type { PolicyRule } from "@/lib/policy/policy-schema";

/** A policy version as the page hands it to client components (dates as ISO strings). */
export type PolicyVersionSummary = {
  version: number;
  message: string;
  author: string | null;
  createdAt: string;
};

export type PolicyHistoryEntry = PolicyVersionSummary & {
  /** Null for the first version (nothing to compare with). */
  diff: { changes: RuleChange[]; reordered: boolean } | null;
};

export type { PolicyRule };

/** What the try-it action returns (JSON in FormState.data.result). Never stored anywhere. */
export type TryResult = {
  source: "current" | "draft";
  version: number | null;
  findings: Pick<Finding, "ruleId" | "category" | "severity" | "start" | "end">[];
  decision: Pick<PolicyDecision, "action" | "matchedRules" | "monitoredRules" | "flagged" | "routeTo">;
  redacted: string | null;
};
