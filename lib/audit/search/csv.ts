/**
 * CSV cells per RFC 4180, guarded against formula injection: a spreadsheet runs a text cell that
 * starts with = + - @ (or a tab or carriage return, which some strip first) as a formula, and
 * prompts, model names and error messages come from callers. Such cells get a leading apostrophe.
 * Numbers are written as numbers (a latency is never negative, so no number starts with "-").
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  let text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(" ") : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
