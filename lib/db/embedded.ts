import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import lockfile from "proper-lockfile";

/**
 * Opens the embedded PostgreSQL (PGlite) kept in `<dataDir>/pglite`.
 * PGlite lets two processes open one data directory without complaint and then corrupts it,
 * so we hold a lock file for as long as this process runs and refuse to start without it.
 */
export async function openEmbeddedPostgres(dataDir: string): Promise<{ pglite: PGlite; close(): Promise<void> }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const dir = path.join(dataDir, "pglite");
  mkdirSync(dir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, { lockfilePath: path.join(dataDir, "pglite.lock"), stale: 15_000, update: 5_000 });
  } catch (error) {
    throw new Error(
      `The embedded database in ${dir} is in use by another process. ` +
        `Stop that process, or set DATABASE_URL to share a PostgreSQL server between processes. (${(error as Error).message})`,
    );
  }
  const pglite = await PGlite.create(dir);
  return {
    pglite,
    async close() {
      await pglite.close();
      await release();
    },
  };
}

/** An in-memory PGlite, used as the throwaway shadow database when authoring migrations. */
export async function openInMemoryPostgres(): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  return PGlite.create();
}
