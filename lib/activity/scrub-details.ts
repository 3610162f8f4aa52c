/**
 * A safety net under the rule that activity details never hold secrets: callers pass facts
 * (names, ids, roles, counts), and anything that still looks like a secret or a prompt is dropped
 * here, by key name or by value shape, before it reaches the database.
 */
const SECRET_KEY = /(secret|password|passwd|token|api_?key|apikey|credential|authorization|prompt|response_?text|^key$)/i;
const SECRET_VALUE = /(gw_live_[\w-]{8,}|sk-[\w-]{16,}|-----BEGIN [A-Z ]*PRIVATE KEY-----)/;

export function scrubDetails(value: unknown, depth = 0): unknown {
  if (depth > 8) return null;
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return SECRET_VALUE.test(value) ? "[removed]" : value.slice(0, 1000);
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => scrubDetails(item, depth + 1));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_KEY.test(key) || item === undefined) continue;
      out[key] = scrubDetails(item, depth + 1);
    }
    return out;
  }
  return null;
}
