/**
 * The policy stages of the pipeline. Inspection and policy arrive with the policy engine; until
 * then they find nothing and allow everything, with these exact types, so the pipeline, headers
 * and audit rows already carry their places.
 */
export type Finding = {
  ruleId: string;
  category: string;
  severity: "low" | "medium" | "high" | "critical";
  confidence: number;
  start: number;
  end: number;
};

export type Decision = {
  action: "allow" | "block" | "redact" | "flag";
  policyVersion: string | null;
  matchedRules: string[];
};

export async function inspectInput(_messages: unknown): Promise<Finding[]> {
  return [];
}

export function decide(findings: Finding[]): Decision {
  return { action: "allow", policyVersion: null, matchedRules: findings.map((finding) => finding.ruleId) };
}

/** Quotas and rate limits arrive with the routing issue; until then every request is within them. */
export async function checkQuota(_orgId: string): Promise<void> {}
