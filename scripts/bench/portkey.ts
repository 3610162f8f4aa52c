/**
 * Portkey's open-source gateway (@portkey-ai/gateway, devDependency) as the peer to compare with:
 * `start-server.js --port=N --headless`, NODE_ENV=production, pinned to core 0 like ours, with a
 * preload that keeps it on loopback. Requests name the provider and the mock as its custom host.
 */
import { readFileSync } from "node:fs";
import { findServer, inspectorOnSignal, startPinned, type Child } from "./processes";
import { mockModels, waitUntilServing, type Target } from "./targets";

const { version } = JSON.parse(readFileSync("node_modules/@portkey-ai/gateway/package.json", "utf8")) as { version: string };
export const PORTKEY_LABEL = `Portkey ${version} (OSS)`;

export async function startPortkey(port: number, inspectorPort: number, mockOrigin: string, longstreamSeconds: number): Promise<{ target: Target; child: Child; answer: string }> {
  const command = ["node", "--require", "./scripts/bench/portkey-loopback.cjs", "node_modules/@portkey-ai/gateway/build/start-server.js", `--port=${port}`, "--headless"];
  const child = startPinned(PORTKEY_LABEL, "0", command, inspectorOnSignal({ ...process.env, NODE_ENV: "production" }, inspectorPort));
  const target: Target = {
    label: PORTKEY_LABEL,
    origin: `http://127.0.0.1:${port}`,
    headers: { "x-portkey-provider": "openai", "x-portkey-custom-host": `${mockOrigin}/v1`, authorization: "Bearer sk-anything" },
    models: mockModels(longstreamSeconds),
    pid: null,
    inspectorPort,
  };
  let answer: string;
  try {
    answer = await waitUntilServing(target, 30_000, () => child.process.exitCode === null);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- its output ---\n${child.outputSince(0).slice(-3000)}`);
  }
  const server = findServer(child.pid, port);
  if (!server) throw new Error(`Portkey: no process under pid ${child.pid} listens on port ${port}`);
  if (server.address !== "127.0.0.1") throw new Error(`Portkey listens on ${server.address}, not on loopback only: the preload did not apply`);
  target.pid = server.pid;
  return { target, child, answer };
}
