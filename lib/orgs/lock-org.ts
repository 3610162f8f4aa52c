import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Locks the org's row for the rest of the transaction, so two concurrent changes cannot both
 * pass a check on the org's state (another owner remains; the plan has room for one more).
 */
export async function lockOrg(tx: Prisma.TransactionClient, orgId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Org" WHERE id = ${orgId} FOR UPDATE`;
}
