/**
 * Routes through the management API (/api/v1/routes) and the route service the dashboard will
 * call: CRUD, every refusal with its field errors, permissions, and tenant isolation.
 */
import { compileErrors, validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishModel, unpublishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { AppError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { createProvider, deleteProvider } from "@/lib/providers/provider-service";
import { checkRoute, createRoute, deleteRoute, getRoute, listRoutes, updateRoute } from "@/lib/routing/route-service";
import { memberOf, signedUpOwner } from "./factories";

let server: Awaited<ReturnType<typeof startGatewayServer>>;
let ctx: OrgContext;
let adminKey: string;

const api = (path: string, init: RequestInit & { key?: string } = {}) =>
  fetch(`${server.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${init.key ?? adminKey}`, "content-type": "application/json", ...init.headers } });
const send = (method: string, path: string, body: unknown) => api(path, { method, body: JSON.stringify(body) });

beforeAll(async () => {
  server = await startGatewayServer();
  ctx = (await signedUpOwner("routes")).ctx;
  const db = await getDb();
  const provider = await createProvider(db, ctx, { name: "Echo", kind: "echo" });
  for (const name of ["m1", "m2", "m3"]) await publishModel(db, ctx, { publicName: name, providerId: provider.id, upstreamModel: "echo-1", kind: "chat" });
  await publishModel(db, ctx, { publicName: "e1", providerId: provider.id, upstreamModel: "echo-embedding-1", kind: "embedding" });
  adminKey = (await createApiKey(db, ctx, { name: "terraform", scopes: ["admin"], modelAllowlist: [] })).key;
});

afterAll(async () => {
  await server?.close();
});

describe("routes over the management API", () => {
  it("creates, reads, lists, replaces and deletes a route", async () => {
    const created = await send("POST", "/routes", {
      name: "assistant",
      priority: 5,
      description: "Team default",
      strategy: "weighted",
      workloads: ["batch"],
      key_tags: ["team:data"],
      min_prompt_chars: 10,
      targets: [{ model: "m1", weight: 2 }, { model: "m2" }],
    });
    expect(created.status).toBe(201);
    const route = await created.json();
    expect(route).toMatchObject({
      name: "assistant",
      priority: 5,
      description: "Team default",
      strategy: "weighted",
      latency_target_ms: null,
      workloads: ["batch"],
      key_tags: ["team:data"],
      min_prompt_chars: 10,
      max_prompt_chars: null,
      targets: [{ model: "m1", weight: 2 }, { model: "m2", weight: 1 }],
      problems: [],
    });

    expect(await (await api(`/routes/${route.id}`)).json()).toEqual(route);
    expect((await (await api("/routes")).json()).data.map((r: { id: string }) => r.id)).toContain(route.id);

    const replaced = await send("PUT", `/routes/${route.id}`, { name: "assistant", priority: 5, strategy: "latency", latency_target_ms: 800, targets: [{ model: "m3" }] });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ id: route.id, strategy: "latency", latency_target_ms: 800, workloads: [], key_tags: [], description: null, targets: [{ model: "m3", weight: 1 }] });

    expect((await api(`/routes/${route.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await api(`/routes/${route.id}`)).status).toBe(404);
  });

  it.each([
    ["no targets", { name: "r", targets: [] }, "targets", "Add at least one target."],
    ["every weight zero", { name: "r", strategy: "weighted", targets: [{ model: "m1", weight: 0 }, { model: "m2", weight: 0 }] }, "targets", "Give at least one target a weight above zero"],
    ["an unknown model", { name: "r", targets: [{ model: "m1" }, { model: "gpt-nope" }] }, "targets.1.model", "There is no catalog model or route named 'gpt-nope'"],
    ["a target listed twice", { name: "r", targets: [{ model: "m1" }, { model: "m1" }] }, "targets.1.model", "'m1' is listed twice"],
    ["a latency route without its target", { name: "r", strategy: "latency", targets: [{ model: "m1" }] }, "latencyTargetMs", "The latency strategy needs a latency target"],
    ["a bad workload label", { name: "r", workloads: ["Nightly Batch"], targets: [{ model: "m1" }] }, "workloads.0", "Workloads use a-z, 0-9"],
    ["min above max", { name: "r", min_prompt_chars: 10, max_prompt_chars: 5, targets: [{ model: "m1" }] }, "maxPromptChars", "must not be below the minimum"],
    ["mixed kinds", { name: "r", targets: [{ model: "m1" }, { model: "e1" }] }, "targets", "mix chat and embedding"],
    ["its own name without a catalog model", { name: "r", targets: [{ model: "r" }] }, "targets.0.model", "this route's own name"],
  ])("refuses %s with a field error", async (_label, body, field, message) => {
    const response = await send("POST", "/routes", body);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toMatchObject({ type: "invalid_request_error", code: "invalid_value", param: field });
    expect(error.field_errors[field].join(" ")).toContain(message);
    expect(error.message).toContain(message);
  });

  it("refuses a target whose provider was deleted", async () => {
    const db = await getDb();
    const doomed = await createProvider(db, ctx, { name: "Doomed", kind: "echo" });
    await publishModel(db, ctx, { publicName: "doomed-model", providerId: doomed.id, upstreamModel: "echo-1", kind: "chat" });
    expect((await send("POST", "/routes", { name: "uses-doomed", targets: [{ model: "doomed-model" }] })).status).toBe(201);
    await deleteProvider(db, ctx, doomed.id);

    const response = await send("POST", "/routes", { name: "late", targets: [{ model: "doomed-model" }] });
    expect(response.status).toBe(400);
    expect((await response.json()).error.field_errors["targets.0.model"]).toEqual([
      "There is no catalog model or route named 'doomed-model' in this org (was it unpublished, or its provider removed?).",
    ]);
    // The route saved before the removal is listed with its problem.
    const listed = (await (await api("/routes")).json()).data.find((route: { name: string }) => route.name === "uses-doomed");
    expect(listed.problems).toEqual(["'doomed-model' is no longer a catalog model or route: requests skip it."]);
  });

  it("refuses a loop of aliases, however long", async () => {
    const b = await (await send("POST", "/routes", { name: "loop-b", targets: [{ model: "m1" }] })).json();
    expect((await send("POST", "/routes", { name: "loop-a", targets: [{ model: "loop-b" }] })).status).toBe(201);
    expect((await send("POST", "/routes", { name: "loop-c", targets: [{ model: "loop-a" }] })).status).toBe(201);

    const response = await send("PUT", `/routes/${b.id}`, { name: "loop-b", targets: [{ model: "m2" }, { model: "loop-c" }] });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.field_errors["targets.1.model"]).toEqual(["Aliases loop: 'loop-b' → 'loop-c' → 'loop-a' → 'loop-b'. A route cannot lead back to itself."]);
    // A second route of the same name is part of the same name: the loop is caught there too.
    const viaOtherPriority = await send("POST", "/routes", { name: "loop-b", priority: 1, targets: [{ model: "loop-a" }] });
    expect(viaOtherPriority.status).toBe(400);
    expect((await viaOtherPriority.json()).error.param).toBe("targets.0.model");
  });

  it("refuses a second route with the same name and priority (409), and deleting a route others send to", async () => {
    const base = await (await send("POST", "/routes", { name: "dup", targets: [{ model: "m1" }] })).json();
    const clash = await send("POST", "/routes", { name: "dup", targets: [{ model: "m2" }] });
    expect(clash.status).toBe(409);
    expect((await clash.json()).error).toMatchObject({ code: "conflict", param: "priority" });
    expect((await send("POST", "/routes", { name: "dup", priority: 1, targets: [{ model: "m2" }] })).status).toBe(201);

    const alias = await (await send("POST", "/routes", { name: "needs-dup", targets: [{ model: "dup" }] })).json();
    const other = (await (await api("/routes")).json()).data.find((route: { name: string; priority: number }) => route.name === "dup" && route.priority === 1);
    expect((await api(`/routes/${other.id}`, { method: "DELETE" })).status).toBe(200); // "dup" still has a route
    const refused = await api(`/routes/${base.id}`, { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toBe("Route 'needs-dup' (priority 0) sends to 'dup', which would no longer exist. Change that route first.");
    // Renaming it away is refused the same way.
    const renamed = await send("PUT", `/routes/${base.id}`, { name: "dup-2", targets: [{ model: "m1" }] });
    expect(renamed.status).toBe(400);
    expect((await api(`/routes/${alias.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await api(`/routes/${base.id}`, { method: "DELETE" })).status).toBe(200);
  });

  it("keeps orgs apart and describes the routes in the OpenAPI document", async () => {
    const mine = await (await send("POST", "/routes", { name: "mine", targets: [{ model: "m1" }] })).json();
    const { ctx: other } = await signedUpOwner("routes-other");
    const otherKey = (await createApiKey(await getDb(), other, { name: "other", scopes: ["admin"], modelAllowlist: [] })).key;
    expect((await (await api("/routes", { key: otherKey })).json()).data).toEqual([]);
    expect((await api(`/routes/${mine.id}`, { key: otherKey })).status).toBe(404);
    expect((await api(`/routes/${mine.id}`, { method: "DELETE", key: otherKey })).status).toBe(404);
    expect((await api(`/routes/${mine.id}`, { method: "PUT", key: otherKey, body: JSON.stringify({ name: "stolen", targets: [{ model: "m1" }] }) })).status).toBe(404);
    expect((await (await api(`/routes/${mine.id}`)).json()).name).toBe("mine");

    const document = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/routes", "/routes/{id}"]));
    expect(Object.keys(document.paths["/routes/{id}"])).toEqual(["get", "put", "delete"]);
    const result = await validate(document);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  });
});

describe("the route service (for server actions)", () => {
  it("lets members and auditors read routes, and only admins and owners change them", async () => {
    const db = await getDb();
    const route = await createRoute(db, ctx, { name: "perm", targets: [{ model: "m1" }] });
    for (const role of ["member", "auditor"] as const) {
      const { ctx: reader } = await memberOf(ctx, role);
      expect((await listRoutes(db, reader)).map((r) => r.id)).toContain(route.id);
      expect((await getRoute(db, reader, route.id)).name).toBe("perm");
      await expect(createRoute(db, reader, { name: "nope", targets: [{ model: "m1" }] })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(updateRoute(db, reader, route.id, { name: "perm", targets: [{ model: "m2" }] })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(deleteRoute(db, reader, route.id)).rejects.toBeInstanceOf(ForbiddenError);
    }
    const { ctx: admin } = await memberOf(ctx, "admin");
    expect((await updateRoute(db, admin, route.id, { name: "perm", targets: [{ model: "m2" }] })).targets).toEqual([{ model: "m2", weight: 1 }]);
    await deleteRoute(db, admin, route.id);
  });

  it("throws field errors a form can show, and checks drafts without saving", async () => {
    const db = await getDb();
    const error = await createRoute(db, ctx, { name: "bad", targets: [{ model: "m1", weight: 0 }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).fieldErrors).toEqual({ targets: ["Give at least one target a weight above zero: with every weight at zero the route could pick nothing."] });

    expect(await checkRoute(db, ctx, { name: "draft", targets: [{ model: "nowhere" }] })).toEqual({
      ok: false,
      fieldErrors: { "targets.0.model": ["There is no catalog model or route named 'nowhere' in this org (was it unpublished, or its provider removed?)."] },
    });
    expect(await checkRoute(db, ctx, { name: "draft", targets: [{ model: "m1" }] })).toMatchObject({ ok: true, route: { name: "draft", priority: 0, strategy: "fallback" } });
    expect((await listRoutes(db, ctx)).some((route) => route.name === "draft")).toBe(false);
  });

  it("answers 'not found' for another org's route, and lists a target unpublished since the save", async () => {
    const db = await getDb();
    const other = await signedUpOwner("routes-tenant");
    const theirs = await createRoute(db, other.ctx, { name: "theirs", targets: [{ model: "theirs" }] }).catch((caught: unknown) => caught);
    expect(theirs).toBeInstanceOf(AppError); // their catalog is empty: nothing to route to
    const provider = await createProvider(db, other.ctx, { name: "Theirs", kind: "echo" });
    const model = await publishModel(db, other.ctx, { publicName: "t1", providerId: provider.id, upstreamModel: "echo-1", kind: "chat" });
    const route = await createRoute(db, other.ctx, { name: "theirs", targets: [{ model: "t1" }] });
    await expect(getRoute(db, ctx, route.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateRoute(db, ctx, route.id, { name: "theirs", targets: [{ model: "m1" }] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteRoute(db, ctx, route.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listRoutes(db, ctx)).some((r) => r.id === route.id)).toBe(false);

    await unpublishModel(db, other.ctx, model.id);
    expect((await getRoute(db, other.ctx, route.id)).problems).toEqual(["'t1' is no longer a catalog model or route: requests skip it."]);
  });
});
