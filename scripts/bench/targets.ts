/** What the load generator talks to: the mock itself, one of our gateway's mounts, or Portkey. */
import { request } from "undici";

export type ModelRole = "fast" | "delay60" | "ttft" | "longstream";

export type Target = {
  label: string;
  origin: string;
  headers: Record<string, string>;
  /** The model name to send for each mock behaviour (gateways map their public names to the mock's). */
  models: Record<ModelRole, string>;
  /** The process that serves `origin` (not a tsx/npx wrapper), for RSS and CPU readings; null until it is found. */
  pid: number | null;
  /** Where its inspector listens once SIGUSR1 opens it (`--inspect-port`, in NODE_OPTIONS), to collect its garbage before a memory reading. */
  inspectorPort?: number;
};

export type Call = { origin: string; path: string; headers: Record<string, string>; body: string };

const PROSE =
  "The quarterly review covered latency budgets, on-call rotations and the migration plan for the billing service. " +
  "Engineers agreed to move the nightly batch jobs to the new scheduler and to retire the legacy reporting cluster. ";

/** A user prompt of about `bytes` bytes of plain prose (nothing the inspection policy would block). */
export function prompt(bytes: number): string {
  return PROSE.repeat(Math.ceil(bytes / PROSE.length)).slice(0, bytes);
}

export function chatCall(target: Target, role: ModelRole, promptBytes: number, stream = false): Call {
  const body: Record<string, unknown> = { model: target.models[role], messages: [{ role: "user", content: prompt(promptBytes) }], max_tokens: 32 };
  if (stream) Object.assign(body, { stream: true, stream_options: { include_usage: true } });
  return { origin: target.origin, path: "/v1/chat/completions", headers: { ...target.headers, "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** The mock's own models: it reads its mode from them. */
export function mockModels(longstreamSeconds: number): Record<ModelRole, string> {
  return { fast: "gpt-4o-mini", delay60: "delay60", ttft: "stream", longstream: `longstream-${longstreamSeconds}` };
}

/** One chat completion through the target: its status and body, to prove the path works before measuring it. */
export async function probe(target: Target): Promise<{ status: number; body: string }> {
  const call = chatCall(target, "fast", 200);
  const response = await request(call.origin + call.path, { method: "POST", headers: call.headers, body: call.body, headersTimeout: 10_000, bodyTimeout: 10_000 });
  return { status: response.statusCode, body: await response.body.text() };
}

/** Polls until the target answers a chat completion with 200, or throws after `timeoutMs` (with the last answer). */
export async function waitUntilServing(target: Target, timeoutMs: number, alive: () => boolean): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`${target.label} exited before serving`);
    try {
      const answer = await probe(target);
      if (answer.status === 200 && answer.body.includes('"choices"')) return answer.body;
      last = `${answer.status} ${answer.body.slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${target.label} did not serve a chat completion within ${timeoutMs / 1000} s: ${last}`);
}
