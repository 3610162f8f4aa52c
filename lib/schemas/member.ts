import { z } from "zod";
import { ROLES } from "@/lib/auth/rbac";
import { emailSchema } from "./user";

export const roleSchema = z.enum(ROLES, { error: "Choose a role: owner, admin, member or auditor." });

export const inviteSchema = z.object({
  email: emailSchema,
  role: roleSchema,
});
export type InviteInput = z.infer<typeof inviteSchema>;

export const changeRoleSchema = z.object({
  membershipId: z.string().min(1).max(64),
  role: roleSchema,
});

export const membershipIdSchema = z.object({ membershipId: z.string().min(1).max(64) });
export const inviteIdSchema = z.object({ inviteId: z.string().min(1).max(64) });
