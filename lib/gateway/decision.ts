/** What the policy decided for a request: carried in headers, the `gateway` body object and audit. */
export type Decision = {
  action: "allow" | "block" | "redact" | "flag";
  policyVersion: string | null;
  /** Policy rules that acted. */
  matchedRules: string[];
  /** Rules in monitor mode that would have acted. */
  monitoredRules: string[];
  /** The model a route rule chose; the routing stage consumes it. */
  routeTo?: string;
  findingCount: number;
};

export const NO_DECISION: Decision = { action: "allow", policyVersion: null, matchedRules: [], monitoredRules: [], findingCount: 0 };
