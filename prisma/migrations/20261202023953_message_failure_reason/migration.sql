-- CreateEnum
CREATE TYPE "FailureReason" AS ENUM ('opted_out', 'restaurant_inactive', 'outside_window', 'twilio_error', 'workflow_unreachable');

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "failureReason" "FailureReason";
