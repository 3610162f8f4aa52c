import { builtInDetectors, DEFAULT_PHONE_COUNTRY } from "./catalog";
import { compileCustomRules } from "./custom";
import type { Detector } from "./detector";
import { InvalidCustomRuleError } from "./errors";
import { pendingMatcherFor } from "./pending-matchers";
import { buildKeywordPrefilter } from "./prefilter";
import type { CompileOptions, Finding, Inspector } from "./types";

const GENERIC_SECRET_ID = "secret.generic_assignment";

export function compileInspector(options: CompileOptions = {}): Inspector {
  const catalog = builtInDetectors(options.phoneDefaultCountry ?? DEFAULT_PHONE_COUNTRY);
  const byId = new Map(catalog.map((d) => [d.info.id, d]));
  const selected = options.detectorIds
    ? options.detectorIds.map((id) => {
        const detector = byId.get(id);
        if (!detector) throw new Error(`Unknown detector id "${id}"`);
        return detector;
      })
    : catalog;

  const custom = compileCustomRules(options.customRules ?? []);
  const seen = new Set(selected.map((d) => d.info.id));
  for (const detector of custom) {
    if (seen.has(detector.info.id)) throw new InvalidCustomRuleError(detector.info.id, "duplicate rule id");
    seen.add(detector.info.id);
  }
  const detectors = [...selected, ...custom];
  const alwaysRun = detectors.filter((d) => d.keywords.length === 0);
  const mostDigitsNeeded = Math.max(0, ...alwaysRun.map((d) => d.minDigits ?? 0));
  const gated = detectors.filter((d) => d.keywords.length > 0);
  const prefilter = buildKeywordPrefilter(gated.flatMap((d) => d.keywords));

  return {
    ruleIds: detectors.map((d) => d.info.id),
    maxPatternLength: Math.max(0, ...detectors.map((d) => d.maxMatchLength)),
    holdFrom(text) {
      let holdFrom = text.length;
      for (const detector of detectors) {
        const windowStart = Math.max(0, text.length - detector.maxMatchLength);
        if (windowStart >= holdFrom) continue;
        const matcher = pendingMatcherFor(detector);
        holdFrom = matcher ? matcher.earliestPendingStart(text, windowStart, holdFrom) : windowStart;
      }
      return holdFrom;
    },
    // Runs on every message of every request: plain loops, no closures or spreads per detector
    // (a closure per gated detector was 4 KB of garbage per inspected message).
    inspect(text) {
      if (text.length === 0) return [];
      const findings: Finding[] = [];
      const digits = countDigits(text, mostDigitsNeeded);
      for (const detector of alwaysRun) if (digits >= (detector.minDigits ?? 0)) addAll(findings, detector.scan(text));
      const present = prefilter.presentKeywords(text);
      if (present.size > 0) {
        for (const detector of gated) if (anyPresent(detector.keywords, present)) addAll(findings, detector.scan(text));
      }
      if (findings.length === 0) return findings;
      return dropGenericSecretsCoveredBySpecific(findings).sort((a, b) => a.start - b.start || b.end - a.end);
    },
  };
}

/** ASCII digits in `text` (what `\d` matches), counted up to `enough`. */
function countDigits(text: string, enough: number): number {
  let digits = 0;
  for (let i = 0; i < text.length && digits < enough; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

function addAll(findings: Finding[], found: Finding[]) {
  for (const finding of found) findings.push(finding);
}

function anyPresent(keywords: readonly string[], present: Set<string>): boolean {
  for (const keyword of keywords) if (present.has(keyword)) return true;
  return false;
}

/** A provider rule already explains the span better than the name = value heuristic. */
function dropGenericSecretsCoveredBySpecific(findings: Finding[]): Finding[] {
  const specific = findings.filter((f) => f.category === "secret" && f.ruleId !== GENERIC_SECRET_ID);
  if (specific.length === 0) return findings;
  return findings.filter((f) => f.ruleId !== GENERIC_SECRET_ID || !specific.some((s) => s.start < f.end && f.start < s.end));
}

