import { PrismaPg } from "@prisma/adapter-pg";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createHealthHandler } from "@/lib/health/health-check";

describe("GET /api/health", () => {
  // The server connects (and migrates) at start-up, before it takes requests; so do we.
  beforeAll(() => getDb());

  it("answers 200 with the database up", async () => {
    const response = await createHealthHandler(getDb)();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ status: "ok", database: { status: "up" } });
  });

  it("answers 503 when the database is unreachable, without leaking the connection string", async () => {
    // A real client aimed at a port where nothing listens.
    const url = "postgresql://gateway:s3cret-password@127.0.0.1:1/gateway";
    const unreachable = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: 500 }) });
    const response = await createHealthHandler(async () => unreachable, 2000)();
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toMatchObject({ status: "error", database: { status: "down" } });
    expect(JSON.stringify(body)).not.toContain("s3cret-password");
    await unreachable.$disconnect();
  });

  it("answers 503 when connecting itself fails or hangs", async () => {
    const failing = await createHealthHandler(() => Promise.reject(new Error("connect ECONNREFUSED")), 200)();
    expect(failing.status).toBe(503);
    const hanging = await createHealthHandler(() => new Promise(() => {}), 200)();
    expect(hanging.status).toBe(503);
    expect((await hanging.json()).database.error).toMatch(/no answer within 200 ms/);
  });
});
