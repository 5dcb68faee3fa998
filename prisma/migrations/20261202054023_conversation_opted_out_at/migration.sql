-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "optedOutAt" TIMESTAMP(3);
