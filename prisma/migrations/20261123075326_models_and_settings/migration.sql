-- Reasoning efforts become text: each model has its own (server/models/catalog.ts). Kept values.
ALTER TABLE "messages" ALTER COLUMN "reasoning_effort" TYPE TEXT USING "reasoning_effort"::TEXT;

-- AlterTable
ALTER TABLE "repository_settings" ADD COLUMN     "default_base_branch" TEXT,
ADD COLUMN     "image_builds_enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "setup_timeout_seconds" INTEGER,
ADD COLUMN     "start_timeout_seconds" INTEGER,
ALTER COLUMN "default_reasoning_effort" TYPE TEXT USING "default_reasoning_effort"::TEXT;

-- AlterTable
ALTER TABLE "sessions" ALTER COLUMN "reasoning_effort" TYPE TEXT USING "reasoning_effort"::TEXT;

-- DropEnum
DROP TYPE "ReasoningEffort";

-- CreateTable
CREATE TABLE "model_providers" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "models" TEXT[],
    "sealed_key" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "updated_by_id" TEXT,

    CONSTRAINT "model_providers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "model_providers_slug_key" ON "model_providers"("slug");

-- AddForeignKey
ALTER TABLE "model_providers" ADD CONSTRAINT "model_providers_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
