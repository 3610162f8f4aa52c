import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { createOrgInTransaction } from "@/lib/orgs/org-service";
import type { SignUpInput } from "@/lib/schemas/user";

const EMAIL_TAKEN = "An account with this email already exists. Sign in instead.";

/** Creates the user and their first org, with them as its owner, in one transaction. */
export async function signUp(db: Db, input: SignUpInput) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new ConflictError(EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name ?? null, passwordHash },
        select: { id: true, email: true, name: true },
      });
      const org = await createOrgInTransaction(tx, user.id, { name: firstOrgName(input) });
      return { user, org };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError(EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
    }
    throw error;
  }
}

function firstOrgName(input: SignUpInput): string {
  const owner = input.name?.split(/\s+/)[0] || input.email.split("@")[0]!;
  return `${owner.slice(0, 48)}'s org`;
}
