/**
 * Whether arrays and objects in a parsed JSON value nest more than `limit` levels deep. A loop,
 * not recursion: the point is to refuse what would overflow the stack of every recursive walk
 * (JSON.stringify among them) before one runs.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= limit) return true;
    for (const item of Array.isArray(node) ? node : Object.values(node)) pending.push([item, depth + 1]);
  }
  return false;
}
