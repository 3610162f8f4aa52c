import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

/**
 * Prisma's schema engine, compiled to WebAssembly and driven through a driver adapter.
 * The Prisma CLI would download a native engine binary from a host that air-gapped machines cannot
 * reach; the WebAssembly build ships inside the npm package, so migrations need no download at all.
 *
 * The package is built for bundlers (`import * as wasm from "./x.wasm"`), which Node cannot load,
 * so we instantiate the module ourselves and hand it to the generated bindings.
 */
// One instance per process, kept on globalThis: Next loads this file once per bundle
// (instrumentation, routes), and a second instance would replace the memory the first one's
// objects still point into.
const globalForEngine = globalThis as unknown as {
  schemaEngineBindings?: Promise<typeof import("@prisma/schema-engine-wasm")>;
};

function loadBindings() {
  globalForEngine.schemaEngineBindings ??= (async () => {
    const require = createRequire(path.join(process.cwd(), "package.json"));
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmFile = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
    const module = await WebAssembly.compile(await readFile(wasmFile));
    const instance = await WebAssembly.instantiate(module, {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as unknown as { __wbindgen_start(): void };
    (bg as unknown as { __wbg_set_wasm(wasm: unknown): void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return bg as unknown as typeof import("@prisma/schema-engine-wasm");
  })();
  return globalForEngine.schemaEngineBindings;
}

export const schemaPath = () => path.join(process.cwd(), "prisma", "schema.prisma");
export const migrationsDir = () => path.join(process.cwd(), "prisma", "migrations");

export async function openSchemaEngine(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadBindings();
  const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");
  const schema = await readFile(schemaPath(), "utf8");
  const logEngine = (line: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error("[schema-engine]", line);
  };
  return SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    logEngine,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
