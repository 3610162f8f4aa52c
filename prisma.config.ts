// Prisma CLI config. The app never runs the CLI at run time: migrations are applied by
// lib/db/migrate.ts through Prisma's WebAssembly schema engine, so no binary is downloaded.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
