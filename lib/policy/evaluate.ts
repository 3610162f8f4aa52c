import type { Finding } from "@/lib/inspection/types";
import type { Direction, PolicyRule } from "./policy-schema";
import { SEVERITIES } from "./policy-schema";

/** What the request is, for the conditions that are about the request rather than the findings. */
export type RequestFacts = { direction: Direction; model?: string; keyId?: string; keyTags?: string[] };

export type PolicyDecision = {
  action: "allow" | "block" | "redact" | "flag";
  /** Rules that acted (enforce mode). */
  matchedRules: string[];
  /** Rules in monitor mode that would have acted. */
  monitoredRules: string[];
  /** Findings to mask before the text goes on (the redact rules' findings). */
  redact: Finding[];
  flagged: boolean;
  /** The model a route rule chose, for the routing stage. */
  routeTo?: string;
};

const severityRank = (severity: Finding["severity"]) => SEVERITIES.indexOf(severity);

/** Whether a rule's detector pattern names a detector id: exactly, or by prefix with a trailing `*`. */
export function detectorPatternMatches(pattern: string, ruleId: string): boolean {
  return pattern.endsWith("*") ? ruleId.startsWith(pattern.slice(0, -1)) : ruleId === pattern;
}

function detectorMatches(patterns: string[], ruleId: string): boolean {
  return patterns.some((pattern) => detectorPatternMatches(pattern, ruleId));
}

/** The findings a rule's conditions select, or null when the rule does not apply at all. */
function selectFindings(rule: PolicyRule, findings: Finding[], facts: RequestFacts): Finding[] | null {
  const when = rule.when;
  if (!when.directions.includes(facts.direction)) return null;
  if (when.models && (!facts.model || !when.models.includes(facts.model))) return null;
  if (when.keyIds && (!facts.keyId || !when.keyIds.includes(facts.keyId))) return null;
  if (when.keyTags && !when.keyTags.some((tag) => facts.keyTags?.includes(tag))) return null;
  const aboutFindings = Boolean(when.categories || when.detectors || when.minSeverity);
  if (!aboutFindings) return findings; // a rule about the request alone
  const selected = findings.filter(
    (finding) =>
      (!when.categories || when.categories.includes(finding.category)) &&
      (!when.detectors || detectorMatches(when.detectors, finding.ruleId)) &&
      (!when.minSeverity || severityRank(finding.severity) >= severityRank(when.minSeverity)),
  );
  return selected.length > 0 ? selected : null;
}

/**
 * Applies the rules in order. An enforce-mode `allow` stops evaluation (an exception placed above
 * broader rules). Otherwise every matching rule acts: block outranks everything; redact masks the
 * findings its rules selected; flag queues the request for review; route names a model.
 */
export function evaluatePolicy(rules: PolicyRule[], findings: Finding[], facts: RequestFacts): PolicyDecision {
  const decision: PolicyDecision = { action: "allow", matchedRules: [], monitoredRules: [], redact: [], flagged: false };
  let blocked = false;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const selected = selectFindings(rule, findings, facts);
    if (!selected) continue;
    if (rule.mode === "monitor") {
      decision.monitoredRules.push(rule.id);
      continue;
    }
    decision.matchedRules.push(rule.id);
    const { action } = rule;
    if (action.type === "allow") break;
    if (action.type === "block") blocked = true;
    if (action.type === "redact") decision.redact.push(...selected);
    if (action.type === "flag") decision.flagged = true;
    if (action.type === "route") decision.routeTo ??= action.model;
  }
  decision.action = blocked ? "block" : decision.redact.length > 0 ? "redact" : decision.flagged ? "flag" : "allow";
  return decision;
}
