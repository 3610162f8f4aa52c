import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

type ScriptAdapter = SqlDriverAdapter & { underlyingDriver(): { query(sql: string): Promise<unknown> }; onError(error: unknown): never };

/**
 * @prisma/adapter-pg 7.10.1 runs a migration script by splitting it on every ";", which cuts a
 * plpgsql body ($$ … ; … $$, a trigger function's, say) into pieces
 * PostgreSQL refuses. This sends the whole script as one simple-protocol query instead:
 * PostgreSQL splits it correctly and runs it as one implicit transaction. PGlite needs no help.
 */
export function wholeScriptMigrations(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter) => {
    const pgAdapter = adapter as ScriptAdapter;
    pgAdapter.executeScript = async (script: string) => {
      try {
        await pgAdapter.underlyingDriver().query(script);
      } catch (error) {
        pgAdapter.onError(error); // the adapter's own error mapping, so the engine reports it as usual
      }
    };
    return adapter;
  };
  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property === "connect") return async () => patch(await target.connect());
      if (property === "connectToShadowDb") return async () => patch(await target.connectToShadowDb());
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
