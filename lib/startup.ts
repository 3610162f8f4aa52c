import { databaseKind, getDb } from "@/lib/db/client";
import { seedDemo } from "@/lib/users/demo-seed";

/**
 * Runs once when the server starts (instrumentation.ts): connects, applies migrations, and on a
 * brand-new embedded database seeds the demo org and prints how to sign in.
 */
export async function startup(): Promise<void> {
  const db = await getDb();
  const kind = await databaseKind();
  const url = process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  if (kind === "embedded" && (await db.user.count()) === 0 && process.env.SEED_ON_FIRST_START !== "false") {
    const seed = await seedDemo(db);
    console.info(
      [
        "",
        "  LLM Gateway is ready on an embedded database (.data/).",
        `  Sign in at ${url}/sign-in`,
        `    email:    ${seed.owner.email}`,
        `    password: ${seed.owner.password}`,
        `  or create your own account at ${url}/sign-up`,
        "",
        "  Try the gateway with the demo API key (the echo test provider repeats your prompt):",
        `    curl ${url}/v1/chat/completions -H "Authorization: Bearer ${seed.apiKey.key}" \\`,
        `      -H "content-type: application/json" -d '{"model":"echo","messages":[{"role":"user","content":"hello"}]}'`,
        "",
      ].join("\n"),
    );
  } else {
    console.info(`\n  LLM Gateway is ready (${kind === "embedded" ? "embedded database in .data/" : "PostgreSQL"}). Sign in at ${url}/sign-in\n`);
  }
}
