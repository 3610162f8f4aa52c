import { PrismaPGlite } from "pglite-prisma-adapter";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { openInMemoryPostgres } from "@/lib/db/embedded";
import { applyMigrations, pendingSchemaChange, readMigrationList } from "@/lib/db/migrations";

describe("migrations through the WebAssembly schema engine", () => {
  it("have been applied to the test database and are recorded like the Prisma CLI records them", async () => {
    const db = await getDb();
    const rows = await db.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
      SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    const folders = (await readMigrationList()).migrationDirectories.map((dir) => dir.path);
    expect(folders.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.migration_name)).toEqual(folders);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  it("apply once: a second run on the same database applies nothing", async () => {
    const pglite = await openInMemoryPostgres();
    const factory = new PrismaPGlite(pglite);
    const first = await applyMigrations(factory);
    expect(first.length).toBeGreaterThan(0);
    expect(await applyMigrations(factory)).toEqual([]);
    await pglite.close();
  });

  it("match schema.prisma exactly (a schema change without its migration fails here)", async () => {
    const pglite = await openInMemoryPostgres();
    expect(await pendingSchemaChange(new PrismaPGlite(pglite))).toBeNull();
    await pglite.close();
  });
});
