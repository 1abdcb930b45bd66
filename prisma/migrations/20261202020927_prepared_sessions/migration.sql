-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "prepared_until" TIMESTAMP(3);
