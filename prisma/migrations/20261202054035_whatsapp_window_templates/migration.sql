-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "lastInboundAt" TIMESTAMP(3),
ADD COLUMN     "windowClosedAt" TIMESTAMP(3);

-- Backfill: the window of an existing conversation runs from its latest customer message.
UPDATE "Conversation" c SET "lastInboundAt" = m.latest
FROM (SELECT "conversationId", max("createdAt") AS latest FROM "Message" WHERE "direction" = 'IN' GROUP BY "conversationId") m
WHERE m."conversationId" = c."id";

-- CreateTable
CREATE TABLE "WhatsAppTemplate" (
    "id" TEXT NOT NULL,
    "restaurantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "language" "Locale" NOT NULL,
    "accountSid" TEXT NOT NULL,
    "contentSid" TEXT,
    "friendlyName" TEXT NOT NULL,
    "approvalStatus" TEXT NOT NULL DEFAULT 'unsubmitted',
    "rejectionReason" TEXT,
    "submittedAt" TIMESTAMP(3),
    "approvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WhatsAppTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WhatsAppTemplate_restaurantId_kind_language_key" ON "WhatsAppTemplate"("restaurantId", "kind", "language");

-- AddForeignKey
ALTER TABLE "WhatsAppTemplate" ADD CONSTRAINT "WhatsAppTemplate_restaurantId_fkey" FOREIGN KEY ("restaurantId") REFERENCES "RestaurantBot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
