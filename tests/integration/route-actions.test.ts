/**
 * The routes page's server actions against a real database: a form posted as the browser posts
 * it (repeated targetModel / targetWeight fields) is saved, refused with field errors placed by
 * path plus an echo of the rows, redirected after an edit, and guarded by role and tenant.
 * The session is the one thing replaced: currentUser() answers as the test's person.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import type { OrgContext } from "@/lib/orgs/org-access";
import { createProvider } from "@/lib/providers/provider-service";
import { createRoute, listRoutes } from "@/lib/routing/route-service";
import { memberOf, signedUpOwner } from "./factories";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { createRouteAction, deleteRouteAction, updateRouteAction } = await import("@/app/(dashboard)/[org]/routes/actions");

let owner: Awaited<ReturnType<typeof signedUpOwner>>;
let ctx: OrgContext;

function form(fields: Record<string, string>, targets: [string, string][] = []): FormData {
  const data = new FormData();
  data.set("orgSlug", ctx.org.slug);
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  for (const [model, weight] of targets) {
    data.append("targetModel", model);
    data.append("targetWeight", weight);
  }
  return data;
}

beforeAll(async () => {
  owner = await signedUpOwner("routeactions");
  ctx = owner.ctx;
  const db = await getDb();
  const provider = await createProvider(db, ctx, { name: "Echo", kind: "echo" });
  for (const name of ["m1", "m2"]) await publishModel(db, ctx, { publicName: name, providerId: provider.id, upstreamModel: "echo-1", kind: "chat" });
});

beforeEach(() => {
  session.user = owner.user;
});

describe("createRouteAction", () => {
  it("saves a route read from the form, in row order, and says which one", async () => {
    const state = await createRouteAction(
      {},
      form({ name: "assistant", priority: "1", strategy: "weighted", workloads: "batch, eval", keyTags: "team:data", minPromptChars: "", maxPromptChars: "9000" }, [["m2", "3"], ["", "7"], ["m1", ""]]),
    );
    expect(state).toEqual({ ok: true, data: { name: "assistant", priority: "1" } });
    const saved = (await listRoutes(await getDb(), ctx)).find((route) => route.name === "assistant");
    expect(saved).toMatchObject({
      priority: 1,
      strategy: "weighted",
      workloads: ["batch", "eval"],
      keyTags: ["team:data"],
      minPromptChars: null,
      maxPromptChars: 9000,
      targets: [{ model: "m2", weight: 3 }, { model: "m1", weight: 1 }],
    });
  });

  it("refuses every weight at zero on the target list, once at the top, and echoes the rows", async () => {
    const state = await createRouteAction({}, form({ name: "zeroes", strategy: "weighted" }, [["m1", "0"], ["m2", "0"]]));
    expect(state.ok).toBeUndefined();
    expect(state.message).toBe("The route was not saved: fix what is marked below.");
    expect(state.fieldErrors).toEqual({ targets: ["Give at least one target a weight above zero: with every weight at zero the route could pick nothing."] });
    expect(JSON.parse(state.values!.targets!)).toEqual([{ model: "m1", weight: "0" }, { model: "m2", weight: "0" }]);
    expect(state.values).toMatchObject({ name: "zeroes", strategy: "weighted" });
    expect(state.values).not.toHaveProperty("targetModel");
    expect((await listRoutes(await getDb(), ctx)).some((route) => route.name === "zeroes")).toBe(false);
  });

  it("refuses a target that does not exist on its row, and no targets at all on the list", async () => {
    const unknown = await createRouteAction({}, form({ name: "ghost" }, [["m1", "1"], ["gone-model", "1"]]));
    expect(unknown.fieldErrors).toEqual({
      "targets.1.model": ["There is no catalog model or route named 'gone-model' in this org (was it unpublished, or its provider removed?)."],
    });
    const empty = await createRouteAction({}, form({ name: "ghost" }, [["", "1"]]));
    expect(empty.fieldErrors).toEqual({ targets: ["Add at least one target."] });
    expect(JSON.parse(empty.values!.targets!)).toEqual([]);
  });

  it("refuses a second route with the same name and priority on the priority field", async () => {
    await createRouteAction({}, form({ name: "twice", priority: "0" }, [["m1", "1"]]));
    const state = await createRouteAction({}, form({ name: "twice", priority: "0" }, [["m2", "1"]]));
    expect(state.fieldErrors).toEqual({ priority: ["Another route named 'twice' has priority 0. Choose another priority."] });
  });

  it("is refused to members and auditors, and to people outside the org", async () => {
    for (const role of ["member", "auditor"] as const) {
      session.user = { ...(await memberOf(ctx, role)).user, name: role };
      expect(await createRouteAction({}, form({ name: `by-${role}` }, [["m1", "1"]]))).toMatchObject({ message: "You do not have permission to do that." });
    }
    session.user = (await signedUpOwner("outsider")).user;
    expect(await createRouteAction({}, form({ name: "by-outsider" }, [["m1", "1"]]))).toMatchObject({ message: "Org not found." });
    const names = (await listRoutes(await getDb(), ctx)).map((route) => route.name);
    expect(names).not.toContain("by-member");
    expect(names).not.toContain("by-auditor");
    expect(names).not.toContain("by-outsider");
  });

  it("answers a signed-out person with a sign-in message", async () => {
    session.user = null;
    expect(await createRouteAction({}, form({ name: "anon" }, [["m1", "1"]]))).toMatchObject({ message: "Your session has ended. Sign in again." });
  });
});

describe("updateRouteAction", () => {
  it("replaces the route and goes back to the list", async () => {
    const route = await createRoute(await getDb(), ctx, { name: "editable", targets: [{ model: "m1" }] });
    const redirected = await updateRouteAction({}, form({ routeId: route.id, name: "editable", priority: "0", strategy: "latency", latencyTargetMs: "750" }, [["m2", "1"], ["m1", "0"]])).then(
      () => null,
      (error: unknown) => error,
    );
    expect(String((redirected as { digest?: string } | null)?.digest)).toContain(`/${ctx.org.slug}/routes`);
    const saved = (await listRoutes(await getDb(), ctx)).find((other) => other.id === route.id);
    expect(saved).toMatchObject({ strategy: "latency", latencyTargetMs: 750, targets: [{ model: "m2", weight: 1 }, { model: "m1", weight: 0 }] });
  });

  it("refuses a loop of aliases on the row that closes it", async () => {
    const db = await getDb();
    const b = await createRoute(db, ctx, { name: "loop-b", targets: [{ model: "m1" }] });
    await createRoute(db, ctx, { name: "loop-a", targets: [{ model: "loop-b" }] });
    const state = await updateRouteAction({}, form({ routeId: b.id, name: "loop-b", priority: "0" }, [["m2", "1"], ["loop-a", "1"]]));
    expect(state.message).toBe("The route was not saved: fix what is marked below.");
    expect(state.fieldErrors).toEqual({ "targets.1.model": ["Aliases loop: 'loop-b' → 'loop-a' → 'loop-b'. A route cannot lead back to itself."] });
    expect((await listRoutes(db, ctx)).find((route) => route.id === b.id)?.targets).toEqual([{ model: "m1", weight: 1 }]);
  });

  it("answers 'not found' for a route of another org", async () => {
    const other = await signedUpOwner("otherorg");
    const db = await getDb();
    const provider = await createProvider(db, other.ctx, { name: "Echo", kind: "echo" });
    await publishModel(db, other.ctx, { publicName: "m1", providerId: provider.id, upstreamModel: "echo-1", kind: "chat" });
    const theirs = await createRoute(db, other.ctx, { name: "theirs", targets: [{ model: "m1" }] });
    const state = await updateRouteAction({}, form({ routeId: theirs.id, name: "theirs", priority: "0" }, [["m2", "1"]]));
    expect(state.message).toBe("Route not found.");
    expect((await listRoutes(db, other.ctx))[0]?.targets).toEqual([{ model: "m1", weight: 1 }]);
  });
});

describe("deleteRouteAction", () => {
  it("deletes a route, and refuses one another route sends to, saying which", async () => {
    const db = await getDb();
    const target = await createRoute(db, ctx, { name: "inner", targets: [{ model: "m1" }] });
    const outer = await createRoute(db, ctx, { name: "outer", targets: [{ model: "inner" }] });
    const refused = await deleteRouteAction({}, form({ routeId: target.id }));
    expect(refused.message).toBe("Route 'outer' (priority 0) sends to 'inner', which would no longer exist. Change that route first.");
    expect(await deleteRouteAction({}, form({ routeId: outer.id }))).toEqual({ ok: true });
    expect(await deleteRouteAction({}, form({ routeId: target.id }))).toEqual({ ok: true });
    const names = (await listRoutes(db, ctx)).map((route) => route.name);
    expect(names).not.toContain("inner");
    expect(names).not.toContain("outer");
  });
});
