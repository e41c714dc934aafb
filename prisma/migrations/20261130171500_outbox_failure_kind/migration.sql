-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "failureKind" TEXT;

