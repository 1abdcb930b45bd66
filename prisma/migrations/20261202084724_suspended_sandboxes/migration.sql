-- AlterEnum
ALTER TYPE "SandboxStatus" ADD VALUE 'suspended';

-- AlterTable
ALTER TABLE "sandboxes" ADD COLUMN     "suspended_at" TIMESTAMP(3);
