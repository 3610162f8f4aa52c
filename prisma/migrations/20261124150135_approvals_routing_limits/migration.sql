-- CreateEnum
CREATE TYPE "ApprovalState" AS ENUM ('unreviewed', 'approved', 'denied');

-- CreateEnum
CREATE TYPE "AccessRequestStatus" AS ENUM ('pending', 'approved', 'denied');

-- CreateEnum
CREATE TYPE "RouteStrategy" AS ENUM ('fallback', 'weighted', 'latency');

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "requestsPerMinute" INTEGER,
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "tokensPerMinute" INTEGER;

-- AlterTable
ALTER TABLE "CatalogModel" ADD COLUMN     "approvalState" "ApprovalState" NOT NULL DEFAULT 'unreviewed',
ADD COLUMN     "approvedKeyIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "approvedKeyTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "decidedAt" TIMESTAMP(3),
ADD COLUMN     "decidedById" TEXT,
ADD COLUMN     "decisionNote" TEXT;

-- AlterTable
ALTER TABLE "GatewayRequest" ADD COLUMN     "routing" JSONB,
ADD COLUMN     "workload" TEXT;

-- AlterTable
ALTER TABLE "Org" ADD COLUMN     "monthlyRequestQuota" INTEGER,
ADD COLUMN     "monthlyTokenQuota" INTEGER;

-- CreateTable
CREATE TABLE "ModelAccessRequest" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "catalogModelId" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "keyIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "keyTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "AccessRequestStatus" NOT NULL DEFAULT 'pending',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelAccessRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Route" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "description" TEXT,
    "strategy" "RouteStrategy" NOT NULL DEFAULT 'fallback',
    "latencyTargetMs" INTEGER,
    "workloads" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "keyTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "minPromptChars" INTEGER,
    "maxPromptChars" INTEGER,
    "targets" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Route_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModelAccessRequest_orgId_status_createdAt_idx" ON "ModelAccessRequest"("orgId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ModelAccessRequest_catalogModelId_idx" ON "ModelAccessRequest"("catalogModelId");

-- CreateIndex
CREATE UNIQUE INDEX "Route_orgId_name_priority_key" ON "Route"("orgId", "name", "priority");

-- AddForeignKey
ALTER TABLE "ModelAccessRequest" ADD CONSTRAINT "ModelAccessRequest_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelAccessRequest" ADD CONSTRAINT "ModelAccessRequest_catalogModelId_fkey" FOREIGN KEY ("catalogModelId") REFERENCES "CatalogModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelAccessRequest" ADD CONSTRAINT "ModelAccessRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelAccessRequest" ADD CONSTRAINT "ModelAccessRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Route" ADD CONSTRAINT "Route_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Models already in catalogs were usable before approvals existed: they stay usable, org-wide.
UPDATE "CatalogModel" SET "approvalState" = 'approved', "decidedAt" = CURRENT_TIMESTAMP, "decisionNote" = 'Approved when model approvals were introduced';
