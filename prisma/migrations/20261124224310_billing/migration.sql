-- CreateEnum
CREATE TYPE "Plan" AS ENUM ('free', 'team', 'enterprise');

-- CreateEnum
CREATE TYPE "BillingStatus" AS ENUM ('none', 'active', 'trialing', 'past_due', 'unpaid', 'canceled', 'incomplete');

-- AlterTable
ALTER TABLE "Org" ADD COLUMN     "billingEventAt" TIMESTAMP(3),
ADD COLUMN     "billingPeriodEnd" TIMESTAMP(3),
ADD COLUMN     "billingStatus" "BillingStatus" NOT NULL DEFAULT 'none',
ADD COLUMN     "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "graceEndsAt" TIMESTAMP(3),
ADD COLUMN     "paymentFailedAt" TIMESTAMP(3),
ADD COLUMN     "plan" "Plan" NOT NULL DEFAULT 'free',
ADD COLUMN     "stripeCustomerId" TEXT,
ADD COLUMN     "stripeSubscriptionId" TEXT;

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "orgId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageReport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "fromSeq" INTEGER NOT NULL,
    "toSeq" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL,
    "tokens" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "UsageReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StripeEvent_orgId_receivedAt_idx" ON "StripeEvent"("orgId", "receivedAt");

-- CreateIndex
CREATE INDEX "UsageReport_orgId_status_idx" ON "UsageReport"("orgId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "UsageReport_orgId_fromSeq_key" ON "UsageReport"("orgId", "fromSeq");

-- CreateIndex
CREATE UNIQUE INDEX "Org_stripeCustomerId_key" ON "Org"("stripeCustomerId");

-- CreateIndex
CREATE UNIQUE INDEX "Org_stripeSubscriptionId_key" ON "Org"("stripeSubscriptionId");

-- AddForeignKey
ALTER TABLE "UsageReport" ADD CONSTRAINT "UsageReport_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
