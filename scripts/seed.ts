/**
 * `npm run seed [-- --json] [-- --reset-password]`: creates the demo org and its owner if missing
 * (idempotent) and prints them. Uses DATABASE_URL, or the embedded database under .data/.
 */
import { closeDb, getDb } from "@/lib/db/client";
import { seedDemo } from "@/lib/users/demo-seed";

const args = new Set(process.argv.slice(2));
try {
  const seed = await seedDemo(await getDb(), { resetPassword: args.has("--reset-password") });
  await closeDb();
  if (args.has("--json")) {
    console.log(JSON.stringify(seed, null, 2));
  } else {
    console.log(`Demo org: /${seed.org.slug} (${seed.created ? "created" : "already there"})`);
    console.log(`Owner: ${seed.owner.email}`);
    console.log(seed.owner.password ? `Password: ${seed.owner.password}` : "Password: unchanged (use --reset-password for a new one)");
  }
  process.exit(0); // the schema engine leaves a timer behind; nothing else is pending
} catch (error) {
  console.error(`seed failed: ${(error as Error).message}`);
  process.exit(1);
}
