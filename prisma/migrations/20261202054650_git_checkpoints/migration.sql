-- AlterEnum
ALTER TYPE "SandboxCommandType" ADD VALUE 'checkpoint';

-- AlterTable
ALTER TABLE "sandboxes" ADD COLUMN     "checkpoint_commit" TEXT,
ADD COLUMN     "checkpointed_at" TIMESTAMP(3);
