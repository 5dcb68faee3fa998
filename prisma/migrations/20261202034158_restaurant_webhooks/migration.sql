-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

-- CreateTable
CREATE TABLE "RestaurantWebhook" (
    "id" TEXT NOT NULL,
    "restaurantId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RestaurantWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "restaurantId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "orderId" TEXT,
    "conversationId" TEXT,
    "queue" TEXT NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastStatusCode" INTEGER,
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signalledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RestaurantWebhook_restaurantId_key" ON "RestaurantWebhook"("restaurantId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_restaurantId_createdAt_id_idx" ON "WebhookDelivery"("restaurantId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "WebhookDelivery_queue_status_seq_idx" ON "WebhookDelivery"("queue", "status", "seq");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_queuedAt_idx" ON "WebhookDelivery"("status", "queuedAt");

-- AddForeignKey
ALTER TABLE "RestaurantWebhook" ADD CONSTRAINT "RestaurantWebhook_restaurantId_fkey" FOREIGN KEY ("restaurantId") REFERENCES "RestaurantBot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_restaurantId_fkey" FOREIGN KEY ("restaurantId") REFERENCES "RestaurantBot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
