/**
 * `npm run seed [-- --json] [-- --reset-password] [-- --new-key]`: creates whatever is missing of the
 * demo org (owner, echo test provider and models, API key) and prints it; running it again changes
 * nothing. Uses DATABASE_URL, or the embedded database under .data/.
 */
import { closeDb, getDb } from "@/lib/db/client";
import { seedDemo } from "@/lib/users/demo-seed";

const args = new Set(process.argv.slice(2));
try {
  const seed = await seedDemo(await getDb(), { resetPassword: args.has("--reset-password"), newKey: args.has("--new-key") });
  await closeDb();
  if (args.has("--json")) {
    console.log(JSON.stringify(seed, null, 2));
  } else {
    console.log(`Demo org: /${seed.org.slug} (${seed.created ? "created" : "already there"})`);
    console.log(`Owner: ${seed.owner.email}`);
    console.log(seed.owner.password ? `Password: ${seed.owner.password}` : "Password: unchanged (use --reset-password for a new one)");
    console.log(seed.apiKey.key ? `API key: ${seed.apiKey.key}` : `API key: ${seed.apiKey.prefix}… (shown once; use --new-key for another)`);
    console.log(`Models: ${seed.models.join(", ")} (the echo test provider repeats your prompt)`);
  }
  process.exit(0); // the schema engine leaves a timer behind; nothing else is pending
} catch (error) {
  console.error(`seed failed: ${(error as Error).message}`);
  process.exit(1);
}
