-- AlterTable
ALTER TABLE "RestaurantBot" ADD COLUMN     "settingsVersion" INTEGER NOT NULL DEFAULT 0;
