import type { PGlite } from "@electric-sql/pglite";
import type { Pool, PoolClient } from "pg";

/**
 * A named statement the server does not hold as the client believes it does: "does not exist"
 * (26000) or "already exists" (42P05). Behind a pooler in transaction mode each transaction may
 * reach another server connection, where a statement prepared earlier is missing or another
 * client's is present.
 */
const NAMED_STATEMENT_LOST = new Set(["26000", "42P05"]);

/**
 * `prepareAs` names a statement sent often with the same text: node-postgres prepares it once per
 * connection under that name, so PostgreSQL parses and plans it once instead of on every call.
 * (PGlite and Prisma's raw queries run it unnamed, and so does a pool whose server lost one: see
 * `pgTransaction`.)
 */
export type StatementOptions = { prepareAs?: string };

/** Runs one SQL statement with `$1…` parameters and resolves its rows. */
export type SqlRunner = <Row extends Record<string, unknown> = Record<string, unknown>>(text: string, params: unknown[], options?: StatementOptions) => Promise<Row[]>;

/** A transaction on the driver itself, below Prisma: `work` runs statements on one connection, committed if it resolves. */
export type SqlTransaction = <T>(work: (run: SqlRunner) => Promise<T>) => Promise<T>;

/**
 * Why below Prisma: the audit writer's batch insert sends one large JSON parameter, which Prisma's
 * raw queries serialise to JSON and parse back (escaping every quote of it) before the driver sees
 * it; that, and Prisma's per-query machinery, cost the gateway a few percent of its throughput
 * (saturation on one core: ~4,950 req/s through Prisma, ~5,110 on the driver). Each
 * driver's own transaction API is used: node-postgres with BEGIN/COMMIT on a pooled client (the
 * pool Prisma also uses), PGlite's `transaction()` for the embedded database.
 */
export function pgTransaction(pool: Pool): SqlTransaction {
  // Named statements until the server shows it cannot keep them; from then on this pool sends every statement unnamed.
  let namedStatements = true;
  const run = (client: PoolClient): SqlRunner => async (text, params, options) => {
    const name = namedStatements ? options?.prepareAs : undefined;
    try {
      return (await client.query({ name, text, values: params })).rows;
    } catch (error) {
      if (name && NAMED_STATEMENT_LOST.has((error as { code?: string }).code ?? "")) {
        namedStatements = false;
        console.warn(`[db] the database lost prepared statement ${name} (a transaction-mode pooler such as PgBouncer before 1.21?): statements go unnamed from now on`);
      }
      throw error; // this transaction is lost either way; its caller retries (the audit writer keeps the batch)
    }
  };
  return async (work) => {
    const client = await pool.connect();
    // A connection that dies while checked out emits 'error' on the client, which must be heard (or
    // the process ends); the failing query rejects too, and that is what the caller sees.
    const ignore = () => {};
    client.on("error", ignore);
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await work(run(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      broken = error as Error;
      await client.query("ROLLBACK").then(
        () => (broken = undefined), // rolled back: the connection is fine to reuse
        () => {},
      );
      throw error;
    } finally {
      client.removeListener("error", ignore);
      client.release(broken); // with an error the pool discards the connection
    }
  };
}

export function pgliteTransaction(pglite: PGlite): SqlTransaction {
  return (work) => pglite.transaction((tx) => work(async (text, params) => (await tx.query(text, params)).rows as never));
}
