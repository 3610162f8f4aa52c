"use server";

import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { acceptInvite } from "@/lib/orgs/invite-service";
import type { FormState } from "@/lib/schemas/form";

export async function acceptInviteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await currentUser();
  if (!user) return { message: "Your session has ended. Sign in again to accept the invite." };
  let orgSlug: string;
  try {
    ({ slug: orgSlug } = await acceptInvite(await getDb(), user, String(formData.get("token") ?? "")));
  } catch (error) {
    if (error instanceof AppError) return { message: error.message };
    throw error;
  }
  redirect(`/${orgSlug}`);
}
