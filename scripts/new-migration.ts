/**
 * Authors a migration from the change in prisma/schema.prisma: `npm run db:migration -- add_api_keys`.
 * Runs fully offline: the schema engine is WebAssembly and the shadow database is an in-memory PGlite.
 */
import { PrismaPGlite } from "pglite-prisma-adapter";
import { openInMemoryPostgres } from "@/lib/db/embedded";
import { createMigration } from "@/lib/db/migrations";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name_in_snake_case>");
  process.exit(1);
}
const pglite = await openInMemoryPostgres();
const created = await createMigration(new PrismaPGlite(pglite), name);
console.log(created ? `created prisma/migrations/${created}/migration.sql` : "schema.prisma has no change to migrate");
await pglite.close();
process.exit(0); // the schema engine leaves a timer behind
