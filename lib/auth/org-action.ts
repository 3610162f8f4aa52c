import type { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { type OrgContext, resolveOrgAccess } from "@/lib/orgs/org-access";
import { type FormState, fieldErrorsOf, formValues } from "@/lib/schemas/form";
import type { Permission } from "./rbac";
import { currentUser } from "./session";

/**
 * The wrapper every org-scoped server action goes through, in this order: signed in -> member of
 * the org named in the form (else "not found") -> has `permission` -> input valid -> run.
 * Known errors become form messages; anything else is rethrown to Next's error boundary.
 */
export async function runOrgAction<Schema extends z.ZodType>(
  formData: FormData,
  options: {
    permission: Permission;
    schema: Schema;
    keepValues?: boolean;
    /** How to read the form into the schema's input; by default one string per field. */
    readForm?: (formData: FormData) => unknown;
  },
  run: (db: Db, ctx: OrgContext, input: z.infer<Schema>) => Promise<FormState | void>,
): Promise<FormState> {
  const values = options.keepValues === false ? undefined : formValues(formData);
  const user = await currentUser();
  if (!user) return { message: "Your session has ended. Sign in again.", values };
  try {
    const db = await getDb();
    const ctx = await resolveOrgAccess(db, user.id, String(formData.get("orgSlug") ?? ""), options.permission);
    const parsed = options.schema.safeParse(options.readForm ? options.readForm(formData) : Object.fromEntries(formData));
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    return (await run(db, ctx, parsed.data)) ?? { ok: true };
  } catch (error) {
    if (error instanceof AppError) return { message: error.message, fieldErrors: error.fieldErrors, values };
    throw error;
  }
}
