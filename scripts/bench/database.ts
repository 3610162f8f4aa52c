/** The bench's own state: a fresh PostgreSQL database per run (local server, trust auth) and a Redis key prefix, both removed at the end. */
import { spawnSync } from "node:child_process";

const PG = ["-h", "127.0.0.1", "-U", "postgres"];

function pg(command: string, args: string[]) {
  const result = spawnSync(command, [...PG, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr.trim() || result.error?.message}`);
}

export function createDatabase(): { url: string; drop: () => void } {
  const name = `bench_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`;
  pg("createdb", [name]);
  let dropped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:5432/${name}`,
    drop() {
      if (dropped) return;
      dropped = true;
      pg("dropdb", ["--if-exists", "--force", name]);
    },
  };
}

/** Deletes the Redis keys the gateway wrote under the run's prefix (rate-limit and quota counters). */
export function dropRedisKeys(prefix: string) {
  const keys = spawnSync("redis-cli", ["-h", "127.0.0.1", "--scan", "--pattern", `${prefix}*`], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
  for (let i = 0; i < keys.length; i += 500) spawnSync("redis-cli", ["-h", "127.0.0.1", "del", ...keys.slice(i, i + 500)]);
}
