-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "expiresAt" DATETIME;

