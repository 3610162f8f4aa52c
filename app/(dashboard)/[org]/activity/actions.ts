"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { verifyChainAs } from "@/lib/audit/chain/verify-service";
import { runOrgAction } from "@/lib/auth/org-action";
import type { FormState } from "@/lib/schemas/form";

export async function verifyChainAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "audit:read", schema: z.object({}), keepValues: false }, async (db, ctx) => {
    const result = await verifyChainAs(db, ctx);
    revalidatePath(`/${ctx.org.slug}/activity`);
    const broken = result.firstBrokenLink;
    const verdict = broken
      ? `Broken at row #${broken.chainSeq} (request ${broken.requestId}): ${broken.reason}. ${result.checked} row(s) before it are intact.`
      : `Chain intact: ${result.checked} row(s) verified${result.startSeq > 1 ? ` from row #${result.startSeq} (older rows were purged by retention)` : ""}.`;
    return { ok: true, data: { ok: String(result.ok), verdict } };
  });
}
