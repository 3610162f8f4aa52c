/**
 * Values people paste in docs and examples instead of real secrets. Skipping them (rather than flagging
 * with low confidence) is deliberate: they are the main source of false positives and carry no risk.
 * This includes vendor-documented example keys such as AWS's "...EXAMPLE" ids.
 */
const PLACEHOLDER_MARKERS = ["xxxx", "....", "<", ">", "{{", "${", "your_", "your-", "yourkey", "example", "placeholder", "redacted", "changeme", "****", "0000000000", "1234567890", "abcdefghij"];

export function looksLikePlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_MARKERS.some((marker) => lower.includes(marker))) return true;
  if (value.endsWith("...") || value.endsWith("…")) return true;
  // "aaaaaaaa", "abababab": real tokens draw from a large alphabet.
  return new Set(value).size < Math.min(6, Math.ceil(value.length / 3));
}
