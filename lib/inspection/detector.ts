import type { DetectorInfo, Finding } from "./types";

/**
 * Internal shape every detector implements. `keywords` are lowercase literals the text must contain
 * for the detector to be able to fire at all; the prefilter skips the detector when none is present.
 * An empty list means "always run" (e.g. e-mail, phone numbers).
 */
export type Detector = {
  info: DetectorInfo;
  keywords: readonly string[];
  /** Upper bound on the length of one finding (streaming holdback). */
  maxMatchLength: number;
  /**
   * A regular expression whose matches contain every finding the detector reports, where a finding
   * depends on no text beyond such a match but the characters right next to it (a superset of the
   * real language is fine). Streams use it to release text that cannot begin a finding at once;
   * without it they hold back `maxMatchLength` characters.
   */
  matchShape?: RegExp;
  /**
   * The fewest ASCII digits (0-9) a text must hold for the detector to find anything in it: the
   * inspector skips it on texts with fewer (most prose has none). Numbers-only detectors have one;
   * tests check it against the detector's pattern.
   */
  minDigits?: number;
  scan(text: string): Finding[];
};

export function finding(info: DetectorInfo, start: number, end: number, confidence: number): Finding {
  return {
    ruleId: info.id,
    category: info.category,
    severity: info.severity,
    confidence: Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100,
    start,
    end,
  };
}
