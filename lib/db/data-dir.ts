import { mkdirSync } from "node:fs";
import path from "node:path";

/**
 * Where the embedded database, the generated secrets and other local state live.
 * `DATA_DIR` overrides it; tests point it at a temporary folder.
 */
export function dataDir(): string {
  const dir = path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR ?? path.join(process.cwd(), ".data"));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
