-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "notifiedStatus" "OrderStatus";

-- CreateTable
CREATE TABLE "ConversationAction" (
    "id" TEXT NOT NULL,
    "restaurantId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatchedAt" TIMESTAMP(3),

    CONSTRAINT "ConversationAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConversationAction_conversationId_createdAt_id_idx" ON "ConversationAction"("conversationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ConversationAction_dispatchedAt_createdAt_idx" ON "ConversationAction"("dispatchedAt", "createdAt");

-- AddForeignKey
ALTER TABLE "ConversationAction" ADD CONSTRAINT "ConversationAction_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
