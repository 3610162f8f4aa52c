/**
 * Child processes of the bench: each in its own process group pinned to a core with `taskset`, all
 * killed (group by group) at the end or on Ctrl-C; plus what /proc says about them.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";
import { WebSocket } from "undici";

export type Child = {
  name: string;
  pid: number;
  process: ChildProcess;
  /** How much it has printed so far, to pass to `outputSince` later. */
  mark: () => number;
  /** What it printed since `mark` (within the last 64 KB), without colour codes or spinner lines rewritten with "\r". */
  outputSince: (mark: number) => string;
  stop: () => Promise<void>;
  /** Stops every process of its group where it stands (SIGSTOP), so it takes no CPU time at all; `resume` lets it go on. */
  pause: () => void;
  resume: () => void;
};

const children = new Set<Child>();

/** Starts `command` on `cores` (e.g. "0") in a new process group; keeps the last 64 KB of its output for error messages. */
export function startPinned(name: string, cores: string, command: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn("taskset", ["-c", cores, ...command], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let printed = 0;
  const keep = (data: Buffer) => {
    const text = data.toString();
    printed += text.length;
    output = (output + text).slice(-65_536);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const entry: Child = {
    name,
    pid: child.pid!,
    process: child,
    mark: () => printed,
    outputSince: (mark) => output.slice(Math.max(0, output.length - (printed - mark))).replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").replace(/[^\n]*\r(?!\n)/g, ""),
    async stop() {
      children.delete(entry);
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child.pid!, "SIGTERM");
      killGroup(child.pid!, "SIGCONT"); // a paused group hears the SIGTERM once it runs again
      const timer = setTimeout(() => killGroup(child.pid!, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      killGroup(child.pid!, "SIGKILL"); // grandchildren that outlived their parent
    },
    pause: () => killGroup(child.pid!, "SIGSTOP"),
    resume: () => killGroup(child.pid!, "SIGCONT"),
  };
  children.add(entry);
  return entry;
}

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => child.stop()));
}

/** Ctrl-C and kill: stop every child group, run `cleanup` (drop the database), then exit. */
export function stopAllOnSignals(cleanup: () => Promise<void>) {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: stopping the bench's processes`);
      void stopAll()
        .then(cleanup)
        .finally(() => process.exit(130));
    });
  }
}

/** A loopback port free right now (bound, then released), for a child that must be told its port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs a command to completion on `cores`; throws with its output when it fails. */
export function runPinned(cores: string, command: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync("taskset", ["-c", cores, ...command], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command.join(" ")} failed (${result.status ?? result.signal}):\n${(result.stdout + result.stderr).slice(-4000)}`);
  return result.stdout;
}

/** Pins this process (every thread) to `cores`: the load generator runs here. */
export function pinSelf(cores: string) {
  const result = spawnSync("taskset", ["-a", "-p", "-c", cores, String(process.pid)], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`taskset -a -p -c ${cores} ${process.pid} failed: ${result.stderr}`);
}

function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields that follow start after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited while we looked
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) for (const [pid, parent] of parentOf) if (parent === found[i]) found.push(pid);
  return found;
}

/** Listening TCP sockets on `port`: inode → local address (from /proc/net/tcp and tcp6). */
function listeningSockets(port: number): Map<string, string> {
  const sockets = new Map<string, string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== "0A") continue; // 0A: LISTEN
      const [address, hexPort] = fields[1]!.split(":");
      if (parseInt(hexPort!, 16) === port) sockets.set(fields[9]!, address!);
    }
  }
  return sockets;
}

/** 0100007F → 127.0.0.1; IPv6 addresses are shown as their hex. */
function readableAddress(hex: string): string {
  return hex.length === 8 ? [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join(".") : `[${hex}]`;
}

/**
 * The process that really serves `port`: walks the tree under `root` (taskset → tsx → node, or
 * next's bin) and returns the one holding the listening socket, with the address it is bound to.
 */
export function findServer(root: number, port: number): { pid: number; address: string } | null {
  const sockets = listeningSockets(port);
  if (sockets.size === 0) return null;
  for (const pid of descendants(root)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode && sockets.has(inode)) return { pid, address: readableAddress(sockets.get(inode)!) };
    }
  }
  return null;
}

/** Resident memory in MB (VmRSS), or null once the process is gone. */
export function rssMb(pid: number): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** CPU seconds (user + system, every thread) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime and stime, fields 14 and 15 of stat
}

/** Busy and total jiffies of one core, from /proc/stat. */
export function coreTimes(core: number): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n").find((l) => l.startsWith(`cpu${core} `))!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3]! + values[4]!; // idle + iowait
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Waits (up to `maxMs`) until the process uses under 10% of a core, so that work it still has queued does not spill into the next measurement. */
export async function waitForIdle(pid: number, maxMs = 20_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const before = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 250));
    if ((cpuSeconds(pid) - before) / 0.25 < 0.1) return;
  }
}

/**
 * Moves every PostgreSQL and Redis process (the machine's own servers, and the connections they
 * fork later) to `cores`, beside the mock and the load generator: they are services the gateway
 * calls, like the upstream, and on the gateway's core they would take its time at random moments
 * (a batch of audit rows costs PostgreSQL several milliseconds). Returns the restore.
 */
export function pinServices(cores: string): () => void {
  const pids = spawnSync("pgrep", ["-x", "postgres|redis-server"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
  const before = new Map<string, string>();
  for (const pid of pids) {
    const mask = spawnSync("taskset", ["-p", pid], { encoding: "utf8" }).stdout.trim().split(": ").pop();
    if (!mask) continue;
    before.set(pid, mask);
    spawnSync("taskset", ["-a", "-p", "-c", cores, pid]);
  }
  return () => {
    for (const [pid, mask] of before) spawnSync("taskset", ["-a", "-p", mask, pid]);
  };
}

/**
 * NODE_OPTIONS that make a process's inspector listen on `port` (loopback) when SIGUSR1 opens it. Until then
 * nothing changes: no thread, no socket, the process runs as its command says.
 */
export function inspectorOnSignal(env: NodeJS.ProcessEnv, port: number): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --inspect-port=127.0.0.1:${port}`.trim() };
}

/**
 * A full garbage collection in a running Node process (`HeapProfiler.collectGarbage`), through its inspector:
 * SIGUSR1 opens it on the port set by `inspectorOnSignal`. It stays open, idle, until the process ends.
 * A memory reading taken after it holds no garbage of earlier sections.
 */
export async function collectGarbage(pid: number, inspectorPort: number): Promise<void> {
  process.kill(pid, "SIGUSR1");
  let url: string | undefined;
  for (let tries = 0; !url && tries < 50; tries++) {
    if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const list = (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`).then((response) => response.json(), () => [])) as { webSocketDebuggerUrl: string }[];
    url = list[0]?.webSocketDebuggerUrl;
  }
  if (!url) throw new Error(`pid ${pid}: its inspector did not open on port ${inspectorPort} after SIGUSR1`);
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pid ${pid}: no answer to HeapProfiler.collectGarbage within 30 s`)), 30_000);
    socket.addEventListener("open", () => socket.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" })));
    socket.addEventListener("message", (event) => {
      if ((JSON.parse(String(event.data)) as { id?: number }).id !== 1) return;
      clearTimeout(timer);
      resolve();
    });
    socket.addEventListener("error", () => reject(new Error(`pid ${pid}: inspector connection failed`)));
  }).finally(() => socket.close());
}
