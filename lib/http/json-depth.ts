/**
 * Whether arrays and objects in a parsed JSON value nest more than `limit` levels deep. The
 * point is to refuse what would overflow the stack of every unbounded recursive walk
 * (JSON.stringify among them) before one runs; this walk recurses at most `limit` levels, so it
 * cannot overflow itself. It runs on every /v1 body, so it allocates nothing and skips scalars
 * without visiting them.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  return isContainer(value) && deeperThan(value, limit);
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === "object";
}

function deeperThan(node: object, levelsLeft: number): boolean {
  if (levelsLeft === 0) return true;
  if (Array.isArray(node)) {
    for (const item of node) if (isContainer(item) && deeperThan(item, levelsLeft - 1)) return true;
    return false;
  }
  // A parsed JSON object's keys are all its own: for...in walks them without building an array.
  for (const key in node) {
    const item = (node as Record<string, unknown>)[key];
    if (isContainer(item) && deeperThan(item, levelsLeft - 1)) return true;
  }
  return false;
}
