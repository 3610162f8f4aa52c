export type Severity = "low" | "medium" | "high" | "critical";
export type FindingCategory = "secret" | "pii" | "prompt_injection" | "custom";

/** Never carries the matched value: only where it is. */
export type Finding = {
  ruleId: string;
  category: FindingCategory;
  severity: Severity;
  /** 0..1 */
  confidence: number;
  /** UTF-16 offset into the inspected text. */
  start: number;
  /** UTF-16 offset, exclusive. */
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

export type CompileOptions = {
  /** Built-in detector ids to enable; default all. Unknown ids throw. */
  detectorIds?: string[];
  customRules?: CustomRule[];
  /** Region used to read national-format phone numbers (e.g. "US", "GB"); numbers in +international form are always read. Default "US". */
  phoneDefaultCountry?: string;
};

export type Inspector = {
  inspect(text: string): Finding[];
  /** Longest match any compiled detector can produce, in UTF-16 units. */
  maxPatternLength: number;
  /**
   * Where a streaming caller must start holding `text` back: the earliest position from which the
   * rest could still grow into a finding. Everything before it is safe to inspect and release.
   */
  holdFrom(text: string): number;
  /** Ids of the detectors and custom rules this inspector runs. */
  ruleIds: readonly string[];
};
