-- AlterTable
ALTER TABLE "sandboxes" ADD COLUMN     "expires_at" TIMESTAMP(3);
