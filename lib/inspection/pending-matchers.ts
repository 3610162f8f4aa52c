import type { Detector } from "./detector";
import { compilePendingMatcher, type PendingMatcher } from "./pending-match";

/**
 * Each detector's pending-match automaton, built on first use and kept as long as the detector:
 * built-in detectors are shared by every policy, so each is compiled once per process.
 */
const matchers = new WeakMap<Detector, PendingMatcher | null>();

export function pendingMatcherFor(detector: Detector): PendingMatcher | null {
  if (!detector.matchShape) return null;
  let matcher = matchers.get(detector);
  if (matcher === undefined) {
    matcher = compilePendingMatcher(detector.matchShape);
    matchers.set(detector, matcher);
  }
  return matcher;
}
