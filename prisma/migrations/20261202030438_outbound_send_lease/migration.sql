-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "leaseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "leaseToken" TEXT,
ADD COLUMN     "sendStartedAt" TIMESTAMP(3);
