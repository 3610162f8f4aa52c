"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runOrgAction } from "@/lib/auth/org-action";
import type { Db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/orgs/org-access";
import { readRouteForm, readRouteFormTargets, type RouteInput, routeInputSchema } from "@/lib/routing/route-schema";
import { createRoute, deleteRoute, type RouteView, updateRoute } from "@/lib/routing/route-service";
import type { FormState } from "@/lib/schemas/form";

const routeId = z.object({ routeId: z.string().min(1).max(64) });

/**
 * Runs a route save. A refused save says so once at the top (each message is shown next to its
 * field) and echoes the target rows as sent, since repeated fields do not fit `values`.
 */
async function saveRoute(formData: FormData, save: (db: Db, ctx: OrgContext, route: RouteInput) => Promise<FormState | void>): Promise<FormState> {
  const result = await runOrgAction(formData, { permission: "route:write", schema: routeInputSchema, readForm: readRouteForm }, save);
  if (!result.ok && result.values) {
    delete result.values.targetModel;
    delete result.values.targetWeight;
    result.values.targets = JSON.stringify(readRouteFormTargets(formData));
  }
  if (result.fieldErrors) result.message = "The route was not saved: fix what is marked below.";
  return result;
}

const saved = (route: RouteView): FormState => ({ ok: true, data: { name: route.name, priority: String(route.priority) } });

export async function createRouteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return saveRoute(formData, async (db, ctx, input) => {
    const route = await createRoute(db, ctx, input);
    revalidatePath(`/${ctx.org.slug}/routes`);
    return saved(route);
  });
}

/** Replaces a route with the form's contents, then goes back to the list. */
export async function updateRouteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return saveRoute(formData, async (db, ctx, input) => {
    await updateRoute(db, ctx, String(formData.get("routeId") ?? ""), input);
    revalidatePath(`/${ctx.org.slug}/routes`);
    redirect(`/${ctx.org.slug}/routes`);
  });
}

export async function deleteRouteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "route:write", schema: routeId }, async (db, ctx, input) => {
    await deleteRoute(db, ctx, input.routeId);
    revalidatePath(`/${ctx.org.slug}/routes`);
  });
}
