-- CreateEnum
CREATE TYPE "PromptStorage" AS ENUM ('none', 'redacted', 'full');

-- CreateEnum
CREATE TYPE "ProviderKind" AS ENUM ('openai', 'azure_openai', 'openai_compatible', 'anthropic', 'gemini', 'echo');

-- CreateEnum
CREATE TYPE "ModelKind" AS ENUM ('chat', 'embedding');

-- CreateEnum
CREATE TYPE "RequestOutcome" AS ENUM ('ok', 'error', 'incomplete', 'blocked');

-- AlterTable
ALTER TABLE "Org" ADD COLUMN     "promptStorage" "PromptStorage" NOT NULL DEFAULT 'none';

-- CreateTable
CREATE TABLE "Provider" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ProviderKind" NOT NULL,
    "baseUrl" TEXT,
    "apiVersion" TEXT,
    "encryptedCredential" TEXT,
    "credentialHint" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Provider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogModel" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "publicName" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "upstreamModel" TEXT NOT NULL,
    "kind" "ModelKind" NOT NULL DEFAULT 'chat',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CatalogModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "modelAllowlist" TEXT[],
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatewayRequest" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "userId" TEXT,
    "endpoint" TEXT NOT NULL,
    "requestedModel" TEXT,
    "servedModel" TEXT,
    "providerId" TEXT,
    "providerName" TEXT,
    "stream" BOOLEAN NOT NULL DEFAULT false,
    "status" INTEGER NOT NULL,
    "outcome" "RequestOutcome" NOT NULL,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "decision" TEXT NOT NULL,
    "policyVersion" TEXT,
    "matchedRules" TEXT[],
    "latencyMs" INTEGER NOT NULL,
    "ttftMs" INTEGER,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "totalTokens" INTEGER,
    "promptText" TEXT,
    "responseText" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GatewayRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Provider_orgId_name_key" ON "Provider"("orgId", "name");

-- CreateIndex
CREATE INDEX "CatalogModel_providerId_idx" ON "CatalogModel"("providerId");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogModel_orgId_publicName_key" ON "CatalogModel"("orgId", "publicName");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "ApiKey_orgId_createdAt_idx" ON "ApiKey"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "GatewayRequest_requestId_key" ON "GatewayRequest"("requestId");

-- CreateIndex
CREATE INDEX "GatewayRequest_orgId_createdAt_idx" ON "GatewayRequest"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "GatewayRequest_orgId_apiKeyId_createdAt_idx" ON "GatewayRequest"("orgId", "apiKeyId", "createdAt");

-- AddForeignKey
ALTER TABLE "Provider" ADD CONSTRAINT "Provider_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Provider" ADD CONSTRAINT "Provider_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogModel" ADD CONSTRAINT "CatalogModel_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogModel" ADD CONSTRAINT "CatalogModel_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GatewayRequest" ADD CONSTRAINT "GatewayRequest_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
