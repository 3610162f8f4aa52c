/**
 * One byte-exact text for a value, whatever order its keys were built or read back in (jsonb
 * reorders keys), so the writer and the verifier hash the same bytes. JSON's own rules otherwise:
 * undefined object members are left out, undefined array items become null, dates are ISO
 * strings, non-finite numbers are null. A plain recursive walk: audit values are small trees.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "bigint":
      return JSON.stringify(value.toString());
    case "object": {
      if (Array.isArray(value)) {
        let text = "[";
        for (let i = 0; i < value.length; i++) text += (i === 0 ? "" : ",") + canonicalJson(value[i]);
        return `${text}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let text = "{";
      for (const key of keys) {
        const member = record[key];
        if (member === undefined || typeof member === "function") continue;
        text += `${text.length === 1 ? "" : ","}${JSON.stringify(key)}:${canonicalJson(member)}`;
      }
      return `${text}}`;
    }
    default:
      return "null";
  }
}
