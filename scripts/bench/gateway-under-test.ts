/**
 * Our gateway as the bench runs it: a production build, a fresh database seeded through the app's
 * services (provider → the mock, models `bench*`, the default inspection policy), and one of its
 * two mounts started as a child pinned to core 0.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { findServer, inspectorOnSignal, runPinned, startPinned, type Child } from "./processes";
import { waitUntilServing, type ModelRole, type Target } from "./targets";

export type Mount = "direct" | "next";

export const MOUNT_LABELS: Record<Mount, string> = { direct: "ours (direct mount)", next: "ours (Next mount)" };

const SOURCE_DIRS = ["app", "lib", "components"];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds with `next build` (both cores) unless .next/BUILD_ID is newer than every source file;
 * `--no-build` only checks it exists. The production server's bundle (dist/serve.js, esbuild, well
 * under a second) is made afresh either way, so the direct mount always runs the code measured.
 */
export function ensureBuild(skip: boolean): string {
  const buildId = ".next/BUILD_ID";
  runPinned("0,1", ["npm", "run", "--silent", "build:server"], process.env);
  if (skip) {
    if (!existsSync(buildId)) throw new Error("--no-build, but there is no production build (.next/BUILD_ID): run `npx next build` first");
    return "skipped (--no-build; server bundle rebuilt)";
  }
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (built > Math.max(...SOURCE_DIRS.map(newestMtime))) return "up to date (.next/BUILD_ID newer than app/, lib/, components/)";
  const started = Date.now();
  console.log("building: next build …");
  runPinned("0,1", ["node_modules/.bin/next", "build"], { ...process.env, NODE_ENV: "production" });
  return `built in ${((Date.now() - started) / 1000).toFixed(0)} s`;
}

export type GatewayEnv = NodeJS.ProcessEnv;

/** The environment every process of our gateway gets: database, Redis with a prefix of its own, fresh secrets. */
export function gatewayEnv(databaseUrl: string, runId: string): GatewayEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDIS_URL: "redis://127.0.0.1:6379",
    REDIS_KEY_PREFIX: `bench:${runId}:`,
    AUTH_SECRET: randomBytes(33).toString("base64"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    ALLOW_PRIVATE_UPSTREAMS: "1", // the mock listens on loopback
    NEXT_MANUAL_SIG_HANDLE: "true",
  };
}

/** The node command of `npm run serve` (package.json), without its environment assignments: the bench runs the production server exactly as it is run. */
function serveCommand(): string[] {
  const script: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.serve;
  return script.split(/\s+/).filter((word) => !/^[A-Z_]+=/.test(word));
}

export type Seed = { apiKey: string; models: Record<ModelRole, string> };

/** Migrates and seeds through the app's own code (scripts/bench/seed-bench.ts); runs on both cores, before any measurement. */
export function seedGateway(env: GatewayEnv, mockOrigin: string, longstreamSeconds: number): Seed {
  const out = runPinned("0,1", ["node", "--import", "tsx", "scripts/bench/seed-bench.ts", `${mockOrigin}/v1`, String(longstreamSeconds)], env);
  return JSON.parse(out.trim().split("\n").pop()!) as Seed;
}

/**
 * Starts a mount on core 0: `node dist/serve.js` (the production server, as `npm run serve` runs it: /v1 and /mcp on bare
 * node:http) or `next start` (every request through Next's router). The local bins are run
 * directly, as npx would; the serving process is found under the wrapper by its listening socket.
 */
export async function startGateway(mount: Mount, env: GatewayEnv, port: number, inspectorPort: number, seed: Seed): Promise<{ target: Target; child: Child }> {
  const command = mount === "direct" ? serveCommand() : ["node_modules/.bin/next", "start", "-p", String(port), "-H", "127.0.0.1"];
  const child = startPinned(MOUNT_LABELS[mount], "0", command, inspectorOnSignal({ ...env, PORT: String(port), HOSTNAME: "127.0.0.1" }, inspectorPort));
  const target: Target = {
    label: MOUNT_LABELS[mount],
    origin: `http://127.0.0.1:${port}`,
    headers: { authorization: `Bearer ${seed.apiKey}` },
    models: seed.models,
    pid: null,
    inspectorPort,
  };
  try {
    await waitUntilServing(target, 90_000, () => child.process.exitCode === null);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- its output ---\n${child.outputSince(0).slice(-3000)}`);
  }
  const server = findServer(child.pid, port);
  if (!server) throw new Error(`${target.label}: no process under pid ${child.pid} listens on port ${port}`);
  target.pid = server.pid;
  return { target, child };
}
