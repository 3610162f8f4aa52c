import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

// `npm run seed -- --json` as an operator runs it: a separate process, the same database settings.
async function seedJson() {
  const { stdout } = await run("npx", ["tsx", "scripts/seed.ts", "--json"], { env: process.env, timeout: 60_000 });
  return JSON.parse(stdout.slice(stdout.indexOf("{"))) as {
    org: { id: string; slug: string };
    owner: { id: string; email: string; password: string | null };
    apiKey: { prefix: string; key: string | null };
    models: string[];
    created: boolean;
  };
}

describe("npm run seed -- --json", () => {
  it("prints the demo org and owner as JSON, and a second run changes nothing", async () => {
    // This file never opens the database itself, so the CLI can take the embedded one's lock.
    const first = await seedJson();
    expect(first.org.slug).toBe("demo");
    expect(first.owner.email).toBe("owner@demo.example");
    expect(first.models).toEqual(["echo", "echo-embedding"]);
    expect(first.apiKey.prefix).toMatch(/^gw_live_/);
    const second = await seedJson();
    expect(second).toMatchObject({ created: false, org: { id: first.org.id }, owner: { id: first.owner.id, password: null }, apiKey: { key: null } });
  }, 120_000);
});
