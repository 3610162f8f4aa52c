/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
import { closeDb, getDb } from "@/lib/db/client";

try {
  await getDb(); // connecting applies pending migrations and prints their names
  await closeDb();
  console.log("Database is up to date.");
  process.exit(0); // the schema engine leaves a timer behind
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exit(1);
}
