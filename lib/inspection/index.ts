import { builtInDetectors } from "./catalog";
import type { DetectorInfo } from "./types";

export type { CompileOptions, CustomRule, DetectorInfo, Finding, FindingCategory, Inspector, Severity } from "./types";
export { InvalidCustomRuleError } from "./errors";
export { compileInspector } from "./inspector";
export { redact, redactWithSpans } from "./redact";

/** The built-in catalog: stable ids a policy can enable. */
export const DETECTORS: DetectorInfo[] = builtInDetectors().map((d) => ({ ...d.info }));
