/**
 * Two gateway processes sharing PostgreSQL and Redis, as behind a load balancer. A change made on
 * a third party (this test process, like the dashboard's instance) must take effect on both
 * within one second: key revocation, policy changes and role removal. The measured delays are
 * printed so the CI log shows them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidationReady } from "@/lib/cache/invalidation";
import { revokeApiKey } from "@/lib/keys/key-service";
import { changeMemberRole } from "@/lib/orgs/member-service";
import { DEFAULT_POLICY_RULES } from "@/lib/policy/default-policy";
import { currentPolicy, savePolicy } from "@/lib/policy/policy-service";
import { startGatewayProcess, type GatewayProcess } from "../fixtures/gateway-process";
import { keyWithTags, memberOf } from "./factories";
import { chat, eventually, needsPostgres, processWorld } from "./process-world";

type World = Awaited<ReturnType<typeof processWorld>>;

const ONE_SECOND = 1_000;

describe.skipIf(needsPostgres || !process.env.REDIS_URL)("changes reach every instance within a second", () => {
  let world: World;
  const instances: GatewayProcess[] = [];

  beforeAll(async () => {
    world = await processWorld("two-instances");
    await invalidationReady();
    // Started together, each migrating (nothing is pending): neither may wait for the other's lock.
    instances.push(...(await Promise.all([startGatewayProcess({ MIGRATE_ON_START: "true" }), startGatewayProcess({ MIGRATE_ON_START: "true" })])));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
  });

  /** Waits until `check` holds on every instance; returns each instance's delay in ms. */
  const onEveryInstance = (what: string, check: (instance: GatewayProcess) => Promise<boolean>) =>
    Promise.all(instances.map((instance, index) => eventually(`${what} on instance ${index + 1}`, () => check(instance), ONE_SECOND)));

  it("stops a revoked key on both instances", async () => {
    const { apiKey, key } = await world.newKey("revoked app");
    for (const instance of instances) expect((await chat(instance.url, key)).complete).toBe(true); // cached there

    await revokeApiKey(world.db, world.ctx, apiKey.id);
    const delays = await onEveryInstance("revoked key refused", async (instance) => {
      const answer = await chat(instance.url, key);
      return answer.status === 401 && JSON.parse(answer.body).error.code === "api_key_revoked";
    });
    console.info(`key revocation reached the instances after ${delays.map((ms) => `${Math.round(ms)} ms`).join(" and ")}`);
  });

  it("applies a new policy version on both instances", async () => {
    const { key } = await world.newKey("policy app");
    for (const instance of instances) expect((await chat(instance.url, key, { prompt: "news on project bluebird" })).complete).toBe(true);

    const { version } = await currentPolicy(world.db, world.ctx.org.id);
    await savePolicy(world.db, world.ctx, {
      rules: [{ id: "no-codenames", enabled: true, mode: "enforce", when: { directions: ["input"], detectors: ["custom.codenames"] }, action: { type: "block" } }, ...DEFAULT_POLICY_RULES],
      customRules: [{ id: "custom.codenames", kind: "keywords", keywords: ["Project Bluebird"], severity: "high" }],
      message: "Codenames stay inside",
      baseVersion: version,
    });
    const delays = await onEveryInstance("the new rule blocks", async (instance) => {
      const answer = await chat(instance.url, key, { prompt: "news on project bluebird" });
      return answer.status === 403 && JSON.parse(answer.body).error.code === "policy_violation";
    });
    console.info(`policy version ${version + 1} reached the instances after ${delays.map((ms) => `${Math.round(ms)} ms`).join(" and ")}`);
  });

  it("takes admin power away from a demoted member's key on both instances", async () => {
    const admin = await memberOf(world.ctx, "admin");
    const { key } = await keyWithTags(world.ctx, "admin's management key", [], { createdById: admin.user.id, scopes: ["admin"] });
    const listKeys = (instance: GatewayProcess) => fetch(`${instance.url}/api/v1/keys`, { headers: { authorization: `Bearer ${key}` } });
    for (const instance of instances) expect((await listKeys(instance)).status).toBe(200);

    await changeMemberRole(world.db, world.ctx, admin.ctx.membershipId, "member");
    const delays = await onEveryInstance("the demoted member's key is refused", async (instance) => (await listKeys(instance)).status === 403);
    console.info(`role removal reached the instances after ${delays.map((ms) => `${Math.round(ms)} ms`).join(" and ")}`);
  });
});
