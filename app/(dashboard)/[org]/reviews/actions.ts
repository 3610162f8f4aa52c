"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runOrgAction } from "@/lib/auth/org-action";
import { addReviewToInvestigation } from "@/lib/investigations/add-investigation-item";
import { assignReview } from "@/lib/reviews/assign-review";
import { commentOnReview } from "@/lib/reviews/comment-review";
import { reopenReview, resolveReview } from "@/lib/reviews/resolve-review";
import { decideMcpCallApproval } from "@/lib/mcp/call-approval-service";
import { addReviewItemSchema } from "@/lib/schemas/investigation";
import { mcpCallDecisionSchema } from "@/lib/schemas/mcp";
import type { FormState } from "@/lib/schemas/form";
import { assignReviewSchema, commentReviewSchema, resolveReviewSchema, reviewTargetSchema } from "@/lib/schemas/review";

// The whole org layout: the navigation's count of open reviews changes with a verdict.
const refresh = (slug: string) => revalidatePath(`/${slug}`, "layout");

export async function assignReviewAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "review:write", schema: assignReviewSchema }, async (db, ctx, input) => {
    await assignReview(db, ctx, input);
    refresh(ctx.org.slug);
  });
}

export async function commentReviewAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "review:write", schema: commentReviewSchema }, async (db, ctx, input) => {
    await commentOnReview(db, ctx, input);
    refresh(ctx.org.slug);
  });
}

export async function resolveReviewAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "review:write", schema: resolveReviewSchema }, async (db, ctx, input) => {
    await resolveReview(db, ctx, input);
    refresh(ctx.org.slug);
  });
}

export async function reopenReviewAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "review:write", schema: reviewTargetSchema }, async (db, ctx, input) => {
    await reopenReview(db, ctx, input.requestId);
    refresh(ctx.org.slug);
  });
}

const addToInvestigationSchema = addReviewItemSchema.extend({ investigationId: z.string().trim().min(1, "Choose an investigation.").max(64) });

export async function addToInvestigationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "review:write", schema: addToInvestigationSchema }, async (db, ctx, input) => {
    await addReviewToInvestigation(db, ctx, input);
    refresh(ctx.org.slug);
  });
}

const decideToolCallSchema = mcpCallDecisionSchema.extend({ approvalId: z.string().trim().min(1).max(64) });

export async function decideToolCallAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "review:write", schema: decideToolCallSchema }, async (db, ctx, { approvalId, ...decision }) => {
    await decideMcpCallApproval(db, ctx, approvalId, decision);
    refresh(ctx.org.slug);
  });
}
