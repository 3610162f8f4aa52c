import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { dataDir } from "./data-dir";
import { openEmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrations";
import { pgliteTransaction, pgTransaction, type SqlTransaction } from "./sql-transaction";

export type Db = PrismaClient;

type Connection = {
  db: Db;
  kind: "postgres" | "embedded";
  /** Transactions on the driver below Prisma, for the audit writer's batches (lib/db/sql-transaction.ts). */
  sqlTransaction: SqlTransaction;
  close(): Promise<void>;
};

// Kept on globalThis so Next's dev-mode reloads reuse one connection (and one PGlite lock).
const globalForDb = globalThis as unknown as { dbConnection?: Promise<Connection> };

type Migrator = { factory: SqlMigrationAwareDriverAdapterFactory; close(): Promise<void> };

async function adapterFactory(): Promise<{
  factory: SqlMigrationAwareDriverAdapterFactory;
  kind: Connection["kind"];
  sqlTransaction: SqlTransaction;
  closeDriver(): Promise<void>;
  /** What the schema engine migrates through. */
  migrator(): Migrator;
}> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { Pool } = (await import("pg")).default;
    // One pool that we own, so that closing the client really ends every connection
    // (the schema engine's connections included) instead of waiting for idle timeouts.
    const pool = new Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    const { wholeScriptMigrations } = await import("./whole-script-adapter");
    // Migrations get a pool of one connection, ended after them. The schema engine holds
    // PostgreSQL's session-level advisory lock while it migrates and releases it with a later
    // query; on a larger pool that query can land on another connection, leaving the lock held
    // by an idle connection and every other instance's start waiting for it forever.
    const migrator = () => {
      const single = new Pool({ connectionString: url, max: 1 });
      return { factory: wholeScriptMigrations(new PrismaPg(single)), close: () => single.end() };
    };
    return { factory: wholeScriptMigrations(new PrismaPg(pool)), kind: "postgres", sqlTransaction: pgTransaction(pool), closeDriver: () => pool.end(), migrator };
  }
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const embedded = await openEmbeddedPostgres(dataDir());
  const factory = new PrismaPGlite(embedded.pglite);
  return { factory, kind: "embedded", sqlTransaction: pgliteTransaction(embedded.pglite), closeDriver: () => embedded.close(), migrator: () => ({ factory, close: async () => {} }) };
}

async function connect(): Promise<Connection> {
  const { factory, kind, sqlTransaction, closeDriver, migrator } = await adapterFactory();
  // Every process applies pending migrations before it serves anything; the schema engine takes
  // an advisory lock, so instances starting together do not race. Opt out with MIGRATE_ON_START=false.
  if (process.env.MIGRATE_ON_START !== "false") {
    const migration = migrator();
    try {
      const applied = await applyMigrations(migration.factory);
      if (applied.length > 0) console.error(`[db] applied migrations: ${applied.join(", ")}`); // stderr: keeps --json output clean
    } catch (error) {
      await closeDriver().catch(() => {}); // the next attempt opens a fresh pool
      throw error;
    } finally {
      await migration.close().catch(() => {});
    }
  }
  const db = new PrismaClient({ adapter: factory });
  return {
    db,
    kind,
    sqlTransaction,
    async close() {
      await db.$disconnect();
      await closeDriver();
    },
  };
}

/** The Prisma client for this process: embedded PGlite when DATABASE_URL is unset. */
export async function getDb(): Promise<Db> {
  globalForDb.dbConnection ??= connect().catch((error) => {
    globalForDb.dbConnection = undefined; // let the next call retry, e.g. once the database is back
    throw error;
  });
  return (await globalForDb.dbConnection).db;
}

/** A transaction on the database driver itself (see lib/db/sql-transaction.ts for when that is worth it). */
export async function getSqlTransaction(): Promise<SqlTransaction> {
  await getDb();
  return (await globalForDb.dbConnection!).sqlTransaction;
}

export async function databaseKind(): Promise<Connection["kind"]> {
  await getDb();
  return (await globalForDb.dbConnection!).kind;
}

export async function closeDb(): Promise<void> {
  const connection = globalForDb.dbConnection;
  globalForDb.dbConnection = undefined;
  if (connection) await (await connection).close();
}
