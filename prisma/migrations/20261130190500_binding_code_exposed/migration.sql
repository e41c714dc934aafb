-- AlterTable
ALTER TABLE "BindingCode" ADD COLUMN "exposedAt" DATETIME;

