-- AlterTable
ALTER TABLE "Branch" ADD COLUMN     "deliveryFee" INTEGER,
ADD COLUMN     "minDeliveryOrder" INTEGER;
