-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('open', 'confirmed', 'false_positive', 'escalated');

-- CreateEnum
CREATE TYPE "InvestigationStatus" AS ENUM ('open', 'in_progress', 'closed');

-- AlterTable
ALTER TABLE "GatewayRequest" ADD COLUMN     "chainSeq" INTEGER,
ADD COLUMN     "prevHash" TEXT,
ADD COLUMN     "rowHash" TEXT,
-- Full-text search over what the audit keeps of a prompt (redacted or full, per the org's setting),
-- computed by PostgreSQL from the text. The 'simple' configuration: prompts come in every language,
-- so no stemming, only lower-casing.
ADD COLUMN     "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, left(coalesce("promptText", ''), 200000))) STORED;

-- AlterTable
ALTER TABLE "Org" ADD COLUMN     "auditRetentionDays" INTEGER;

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "status" "ReviewStatus" NOT NULL DEFAULT 'open',
    "assigneeId" TEXT,
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolutionNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewComment" (
    "id" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Investigation" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "status" "InvestigationStatus" NOT NULL DEFAULT 'open',
    "ownerId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Investigation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvestigationItem" (
    "id" TEXT NOT NULL,
    "investigationId" TEXT NOT NULL,
    "requestId" TEXT,
    "reviewId" TEXT,
    "addedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InvestigationItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvestigationNote" (
    "id" TEXT NOT NULL,
    "investigationId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InvestigationNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdminActivity" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "actorId" TEXT,
    "actorKeyId" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "summary" TEXT NOT NULL,
    "details" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdminActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditAnchor" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "chainSeq" INTEGER NOT NULL,
    "prevHash" TEXT NOT NULL,
    "purgedRows" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditAnchor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Review_requestId_key" ON "Review"("requestId");

-- CreateIndex
CREATE INDEX "Review_orgId_status_createdAt_idx" ON "Review"("orgId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Review_assigneeId_status_idx" ON "Review"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "ReviewComment_reviewId_createdAt_idx" ON "ReviewComment"("reviewId", "createdAt");

-- CreateIndex
CREATE INDEX "Investigation_orgId_status_updatedAt_idx" ON "Investigation"("orgId", "status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InvestigationItem_investigationId_requestId_key" ON "InvestigationItem"("investigationId", "requestId");

-- CreateIndex
CREATE UNIQUE INDEX "InvestigationItem_investigationId_reviewId_key" ON "InvestigationItem"("investigationId", "reviewId");

-- CreateIndex
CREATE INDEX "InvestigationNote_investigationId_createdAt_idx" ON "InvestigationNote"("investigationId", "createdAt");

-- CreateIndex
CREATE INDEX "AdminActivity_orgId_createdAt_idx" ON "AdminActivity"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "AdminActivity_orgId_action_createdAt_idx" ON "AdminActivity"("orgId", "action", "createdAt");

-- CreateIndex
CREATE INDEX "AdminActivity_orgId_actorId_createdAt_idx" ON "AdminActivity"("orgId", "actorId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditAnchor_orgId_createdAt_idx" ON "AuditAnchor"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "GatewayRequest_orgId_userId_createdAt_idx" ON "GatewayRequest"("orgId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "GatewayRequest_orgId_decision_createdAt_idx" ON "GatewayRequest"("orgId", "decision", "createdAt");

-- CreateIndex
CREATE INDEX "GatewayRequest_orgId_status_createdAt_idx" ON "GatewayRequest"("orgId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "GatewayRequest_orgId_servedModel_createdAt_idx" ON "GatewayRequest"("orgId", "servedModel", "createdAt");

-- CreateIndex
CREATE INDEX "GatewayRequest_orgId_requestedModel_createdAt_idx" ON "GatewayRequest"("orgId", "requestedModel", "createdAt");

-- CreateIndex
CREATE INDEX "GatewayRequest_orgId_providerId_createdAt_idx" ON "GatewayRequest"("orgId", "providerId", "createdAt");

-- CreateIndex
CREATE INDEX "GatewayRequest_orgId_latencyMs_idx" ON "GatewayRequest"("orgId", "latencyMs");

-- CreateIndex
CREATE INDEX "GatewayRequest_matchedRules_idx" ON "GatewayRequest" USING GIN ("matchedRules");

-- CreateIndex
CREATE INDEX "GatewayRequest_searchVector_idx" ON "GatewayRequest" USING GIN ("searchVector");

-- CreateIndex
CREATE UNIQUE INDEX "GatewayRequest_orgId_chainSeq_key" ON "GatewayRequest"("orgId", "chainSeq");

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "GatewayRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewComment" ADD CONSTRAINT "ReviewComment_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewComment" ADD CONSTRAINT "ReviewComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Investigation" ADD CONSTRAINT "Investigation_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Investigation" ADD CONSTRAINT "Investigation_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationItem" ADD CONSTRAINT "InvestigationItem_investigationId_fkey" FOREIGN KEY ("investigationId") REFERENCES "Investigation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationItem" ADD CONSTRAINT "InvestigationItem_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "GatewayRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationItem" ADD CONSTRAINT "InvestigationItem_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationItem" ADD CONSTRAINT "InvestigationItem_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationNote" ADD CONSTRAINT "InvestigationNote_investigationId_fkey" FOREIGN KEY ("investigationId") REFERENCES "Investigation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationNote" ADD CONSTRAINT "InvestigationNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdminActivity" ADD CONSTRAINT "AdminActivity_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditAnchor" ADD CONSTRAINT "AuditAnchor_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

