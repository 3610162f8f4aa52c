-- CreateEnum
CREATE TYPE "McpToolState" AS ENUM ('unreviewed', 'approved', 'denied', 'changed');

-- CreateEnum
CREATE TYPE "McpCallApprovalStatus" AS ENUM ('pending', 'approved', 'rejected', 'used');

-- AlterTable
ALTER TABLE "GatewayRequest" ADD COLUMN     "tool" JSONB,
ADD COLUMN     "toolName" TEXT;

-- CreateTable
CREATE TABLE "McpServer" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "encryptedHeaders" TEXT,
    "headerHints" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "lastSyncedAt" TIMESTAMP(3),
    "lastSyncError" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "McpServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "McpTool" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "serverId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "definitionHash" TEXT NOT NULL,
    "state" "McpToolState" NOT NULL DEFAULT 'unreviewed',
    "approvedDefinition" JSONB,
    "approvedHash" TEXT,
    "requiresCallApproval" BOOLEAN NOT NULL DEFAULT false,
    "grantAllKeys" BOOLEAN NOT NULL DEFAULT false,
    "grantedKeyIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "grantedKeyTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "removedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "McpTool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "McpCallApproval" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "toolId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "argumentsHash" TEXT NOT NULL,
    "argumentsPreview" JSONB NOT NULL,
    "requestId" TEXT NOT NULL,
    "status" "McpCallApprovalStatus" NOT NULL DEFAULT 'pending',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "note" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedRequestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "McpCallApproval_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "McpServer_orgId_name_key" ON "McpServer"("orgId", "name");

-- CreateIndex
CREATE INDEX "McpTool_orgId_idx" ON "McpTool"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "McpTool_serverId_name_key" ON "McpTool"("serverId", "name");

-- CreateIndex
CREATE INDEX "McpCallApproval_orgId_status_createdAt_idx" ON "McpCallApproval"("orgId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "McpCallApproval_toolId_apiKeyId_argumentsHash_idx" ON "McpCallApproval"("toolId", "apiKeyId", "argumentsHash");

-- CreateIndex
CREATE INDEX "GatewayRequest_orgId_toolName_createdAt_idx" ON "GatewayRequest"("orgId", "toolName", "createdAt");

-- AddForeignKey
ALTER TABLE "McpServer" ADD CONSTRAINT "McpServer_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpServer" ADD CONSTRAINT "McpServer_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpTool" ADD CONSTRAINT "McpTool_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpTool" ADD CONSTRAINT "McpTool_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "McpServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpCallApproval" ADD CONSTRAINT "McpCallApproval_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpCallApproval" ADD CONSTRAINT "McpCallApproval_toolId_fkey" FOREIGN KEY ("toolId") REFERENCES "McpTool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpCallApproval" ADD CONSTRAINT "McpCallApproval_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
