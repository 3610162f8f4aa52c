/**
 * With DATABASE_URL (real PostgreSQL), apply the migrations once before any test file runs, so
 * parallel files do not race to create the schema. Without it, each file gets its own embedded
 * database in setup.ts.
 */
export default async function globalSetup() {
  if (!process.env.DATABASE_URL) return;
  const { getDb, closeDb } = await import("@/lib/db/client");
  await getDb();
  await closeDb();
}
