-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "locale" "Locale";
