export type Severity = "low" | "medium" | "high" | "critical";
export type FindingCategory = "secret" | "pii" | "prompt_injection" | "custom";
/** Never carries the matched value: only where it is. */
export type Finding = {
  ruleId: string;
  category: FindingCategory;
  severity: Severity;
  /** 0..1 */
  confidence: number;
  /** UTF-16 offsets into the inspected text, end exclusive. */
  start: number;
  end: number;
};
export type DetectorInfo = { id: string; category: FindingCategory; severity: Severity; description: string };
/** A detector an org writes: a keyword list or a regular expression (compiled with RE2). */
export type CustomRule = {
  /** e.g. "custom.project_names" */
  id: string;
  kind: "keywords" | "regex";
  keywords?: string[];
  pattern?: string;
  severity: Severity;
  caseSensitive?: boolean;
};
