import { builtInDetectors, DEFAULT_PHONE_COUNTRY } from "./catalog";
import { compileCustomRules } from "./custom";
import type { Detector } from "./detector";
import { InvalidCustomRuleError } from "./errors";
import { buildKeywordAutomaton, type KeywordAutomaton } from "./keyword-automaton";
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
  // Built-in keywords through the automaton every policy shares, which counts digits in the same pass
  // (finding a keyword of a detector this inspector leaves out is harmless: only `gated` detectors
  // are looked up); an org's own keywords, few and different in every org, through a regular
  // expression of its own.
  const builtInScan = selected.some((d) => d.keywords.length > 0) || mostDigitsNeeded > 0 ? sharedAutomaton(catalog) : null;
  const customKeywords = custom.flatMap((d) => d.keywords);
  const customPrefilter = customKeywords.length > 0 ? buildKeywordPrefilter(customKeywords) : null;

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
      const scanned = builtInScan?.scan(text);
      const digits = scanned?.digits ?? 0; // counted whenever a detector here has a threshold (above)
      for (const detector of alwaysRun) if (digits >= (detector.minDigits ?? 0)) addAll(findings, detector.scan(text));
      let present = scanned?.keywords;
      if (customPrefilter) {
        const own = customPrefilter.presentKeywords(text);
        if (present) for (const keyword of own) present.add(keyword);
        else present = own;
      }
      if (present && present.size > 0) {
        for (const detector of gated) if (anyPresent(detector.keywords, present)) addAll(findings, detector.scan(text));
      }
      if (findings.length === 0) return findings;
      return dropGenericSecretsCoveredBySpecific(findings).sort((a, b) => a.start - b.start || b.end - a.end);
    },
  };
}

/** One automaton per set of built-in keywords (in practice one per process: the catalog is fixed), built on first use (~10 ms). */
const automata = new Map<string, KeywordAutomaton>();

function sharedAutomaton(catalog: Detector[]): KeywordAutomaton {
  const keywords = [...new Set(catalog.flatMap((d) => d.keywords))].sort();
  const key = keywords.join("\n");
  let automaton = automata.get(key);
  if (!automaton) automata.set(key, (automaton = buildKeywordAutomaton(keywords)));
  return automaton;
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

