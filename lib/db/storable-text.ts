/**
 * Text PostgreSQL cannot store: NUL (which no text or json value may hold) and unpaired UTF-16
 * surrogates (which json refuses, and which cutting text to a length can leave). Callers can send
 * both; they must be refused at the door (the management API) or replaced where text is kept
 * whatever it says (the audit trail).
 */
export function isStorableText(text: string): boolean {
  return text.isWellFormed() && !text.includes("\u0000");
}

/**
 * The value with every string and object key made storable: NUL and unpaired surrogates become
 * U+FFFD. Every audit row passes through here and nearly all are storable already: those are
 * returned as they are, after a walk that copies nothing.
 */
export function storable<T>(value: T): T {
  return allStorable(value) ? value : replaceUnstorable(value);
}

function allStorable(value: unknown): boolean {
  if (typeof value === "string") return isStorableText(value);
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) return value.every(allStorable);
  for (const [key, item] of Object.entries(value)) if (!isStorableText(key) || !allStorable(item)) return false;
  return true;
}

function replaceUnstorable<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) return value.map(replaceUnstorable) as T;
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), replaceUnstorable(item)])) as T;
}

function storableText(text: string): string {
  return isStorableText(text) ? text : text.toWellFormed().replaceAll("\u0000", "\uFFFD");
}

/** The path (`name`, `targets.0.model`) of the first string or key in a JSON value that is not storable; null when all are. */
export function unstorableTextAt(value: unknown, path: (string | number)[] = []): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path.join(".");
  if (value === null || typeof value !== "object") return null;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof key === "string" && !isStorableText(key)) return [...path, key].join(".");
    const found = unstorableTextAt(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}
