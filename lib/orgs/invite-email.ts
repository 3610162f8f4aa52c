import { sendMail } from "@/lib/email/mailer";
import { ROLE_LABELS } from "@/lib/auth/rbac";
import type { Role } from "@/lib/generated/prisma/enums";

export async function sendInviteEmail(params: {
  to: string;
  orgName: string;
  role: Role;
  link: string;
  invitedBy: string;
}): Promise<boolean> {
  try {
    return await sendMail({
      to: params.to,
      subject: `You're invited to ${params.orgName} on LLM Gateway`,
      text:
        `${params.invitedBy} invited you to join ${params.orgName} as ${ROLE_LABELS[params.role]}.\n\n` +
        `Accept the invite: ${params.link}\n\nThe link works once and expires in 7 days.`,
    });
  } catch (error) {
    // The invite exists and its link is shown to the admin; a mail outage must not undo it.
    console.error(`[mail] could not send the invite email: ${(error as Error).message}`);
    return false;
  }
}
