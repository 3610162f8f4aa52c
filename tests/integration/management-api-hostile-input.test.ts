/**
 * Management API answers found wrong by the hostile-input fuzzing (fuzz-hostile-input.test.ts):
 * input that reached PostgreSQL and failed there, a 500 (or, for the export, a stream cut off
 * after its 200), where the caller deserves a 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import { signedUpOwner } from "./factories";

let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let adminKey: string;

type ApiError = { error: { message: string; type: string; code: string; param: string | null; field_errors?: Record<string, string[]> } };

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${gateway.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as ApiError };
}

beforeAll(async () => {
  gateway = await startGatewayServer();
  const { ctx } = await signedUpOwner("hostile-mgmt");
  adminKey = (await createApiKey(await getDb(), ctx, { name: "terraform", scopes: ["admin"], modelAllowlist: [] })).key;
});

afterAll(async () => {
  await gateway?.close();
});

describe("hostile input on /api/v1", () => {
  it("refuses a policy version beyond PostgreSQL's integer with a 400", async () => {
    // Cause: to_version went straight into a query on an integer column, which PostgreSQL refused.
    const { status, body } = await api("POST", "/policy/rollback", { to_version: 2 ** 31, base_version: 0 });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "invalid_value", param: "to_version" });
  });

  it.each([
    ["/keys", { name: "ci\u0000", scopes: ["gateway"] }, "name"],
    ["/providers", { name: "Echo\u0000", kind: "echo" }, "name"],
  ])("refuses a NUL in POST %s, naming the field", async (path, body, field) => {
    // Cause: the NUL reached an insert, which PostgreSQL refused in text.
    const { status, body: answer } = await api("POST", path, body);
    expect(status).toBe(400);
    expect(answer.error).toMatchObject({ type: "invalid_request_error", code: "invalid_value", param: field });
    expect(answer.error.field_errors?.[field]).toEqual(["Text may not contain NUL characters or unpaired UTF-16 surrogates."]);
  });

  it("refuses half a surrogate pair in a policy's custom keywords, naming the field", async () => {
    // Cause: the policy is stored as JSON, whose parser in PostgreSQL refuses an unpaired surrogate.
    const current = await fetch(`${gateway.url}/api/v1/policy`, { headers: { authorization: `Bearer ${adminKey}` } }).then((response) => response.json() as Promise<{ version: number; rules: unknown[] }>);
    const custom = [{ id: "custom.half", kind: "keywords", keywords: ["half \uD800 pair"], severity: "high" }];
    const { status, body } = await api("POST", "/policy", { rules: current.rules, custom_rules: custom, message: "custom keywords", base_version: current.version });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "invalid_value", param: "custom_rules.0.keywords.0" });
  });

  it.each(["/requests?q=%00", "/requests/export?key=%00", "/activity?q=%00"])("refuses a NUL in the query of GET %s with a 400", async (path) => {
    // Cause: the filter reached the search query; the export's 200 was already sent, so its stream was cut.
    const { status, body } = await api("GET", path);
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_value");
  });
});
