import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/security-headers";

const nextConfig: NextConfig = {
  // Native and WebAssembly packages are loaded from node_modules at run time, not bundled:
  // the embedded PostgreSQL, Prisma's schema engine and driver adapters, and the argon2 binding.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/schema-engine-wasm",
    "@prisma/driver-adapter-utils",
    "@prisma/adapter-pg",
    "pg",
    "@node-rs/argon2",
    "proper-lockfile",
    "ioredis",
    "nodemailer",
    "re2-wasm",
  ],
  poweredByHeader: false,
  // The constant headers, on every path (static files too). These are fixed when the app is
  // built; what depends on the deployment (the CSP with its per-page nonce, HSTS when the public
  // URL is https) is added at request time by proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
