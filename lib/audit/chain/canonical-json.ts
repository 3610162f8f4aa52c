/**
 * One byte-exact text for a value, whatever order its keys were built or read back in (jsonb
 * reorders keys), so the writer and the verifier hash the same bytes. JSON's own rules otherwise:
 * undefined object members are left out, undefined array items become null, dates are ISO
 * strings, non-finite numbers are null. A plain recursive walk: audit values are small trees.
 * It runs for every column of every audit row, so the common cases come first and skip
 * JSON.stringify where its answer is known (numbers, booleans, dates, bigints).
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null"; // String() and JSON.stringify() agree on finite numbers
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return `"${value}"`; // digits and a sign: nothing to escape
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let text = "[";
        for (let i = 0; i < value.length; i++) text += (i === 0 ? "" : ",") + canonicalJson(value[i]);
        return `${text}]`;
      }
      if (value instanceof Date) return `"${value.toISOString()}"`; // an ISO string has nothing to escape
      return canonicalObject(value as Record<string, unknown>);
    default:
      return "null"; // undefined (as an array item or a top-level value), functions, symbols
  }
}

function canonicalObject(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let text = "{";
  for (let i = 0; i < keys.length; i++) {
    const member = record[keys[i]!];
    if (member === undefined || typeof member === "function") continue;
    text += `${text.length === 1 ? "" : ","}${JSON.stringify(keys[i])}:${canonicalJson(member)}`;
  }
  return `${text}}`;
}
