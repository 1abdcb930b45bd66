-- AlterTable
ALTER TABLE "automation_firings" ADD COLUMN     "slack_posted_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "automations" ADD COLUMN     "slack_channel" TEXT;
