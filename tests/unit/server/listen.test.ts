import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { connect } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LISTEN_BACKLOG, listen } from "@/lib/server/listen";

const ROOT = path.resolve(import.meta.dirname, "../../..");
/** The kernel's own cap on any listen backlog: the test needs room for its burst. */
const SOMAXCONN = Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8"));
const BURST = 1500; // connections at once: well past Node's default backlog of 511

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** Opens `count` connections at once; resolves with how many were established within `withinMs`. */
function connectBurst(port: number, count: number, withinMs: number): Promise<number> {
  return new Promise((resolve) => {
    let established = 0;
    const sockets = Array.from({ length: count }, () => {
      const socket = connect(port, "127.0.0.1", () => established++);
      socket.on("error", () => {});
      return socket;
    });
    setTimeout(() => {
      for (const socket of sockets) socket.destroy();
      resolve(established);
    }, withinMs);
  });
}

describe("listen", () => {
  it("queues a burst of connections while the event loop is busy instead of dropping them", { timeout: 20_000 }, async () => {
    expect(LISTEN_BACKLOG).toBeGreaterThanOrEqual(BURST);
    if (SOMAXCONN < BURST) return expect.fail(`net.core.somaxconn is ${SOMAXCONN}: the kernel caps every backlog below this test's burst of ${BURST}`);
    const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/listen-then-stall.ts"], { cwd: ROOT, env: { ...process.env, STALL_MS: "3000" }, stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => {
        const match = /port (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      child.once("exit", (code) => reject(new Error(`the server exited (${code}) before listening`)));
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200)); // inside its stall now
      // A dropped SYN is retried after a second: every connection made within 800 ms was queued, not dropped.
      expect(await connectBurst(port, BURST, 800)).toBe(BURST);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("opens the port and rejects when it cannot", async () => {
    const first = createServer();
    servers.push(first);
    await listen(first, 0, "127.0.0.1");
    const { port } = first.address() as { port: number };
    expect(port).toBeGreaterThan(0);
    const second = createServer();
    servers.push(second);
    await expect(listen(second, port, "127.0.0.1")).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});
