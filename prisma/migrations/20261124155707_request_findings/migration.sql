-- AlterTable
ALTER TABLE "GatewayRequest" ADD COLUMN     "findings" JSONB;
