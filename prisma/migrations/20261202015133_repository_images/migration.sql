-- CreateEnum
CREATE TYPE "RepositoryImageStatus" AS ENUM ('building', 'ready', 'failed', 'retired');

-- AlterTable
ALTER TABLE "sandboxes" ADD COLUMN     "image_id" TEXT;

-- CreateTable
CREATE TABLE "repository_images" (
    "id" TEXT NOT NULL,
    "repository_id" TEXT NOT NULL,
    "status" "RepositoryImageStatus" NOT NULL DEFAULT 'building',
    "provider" TEXT NOT NULL,
    "provider_snapshot_id" TEXT,
    "branch" TEXT NOT NULL,
    "commit_sha" TEXT,
    "runtime_version" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "requested_by_id" TEXT,
    "error" TEXT,
    "output" TEXT,
    "size_bytes" BIGINT NOT NULL DEFAULT 0,
    "duration_ms" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "repository_images_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "repository_images_repository_id_status_created_at_idx" ON "repository_images"("repository_id", "status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "repository_images_one_build_per_repository" ON "repository_images"("repository_id") WHERE (status = 'building'::"RepositoryImageStatus");

-- AddForeignKey
ALTER TABLE "repository_images" ADD CONSTRAINT "repository_images_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "repository_images" ADD CONSTRAINT "repository_images_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandboxes" ADD CONSTRAINT "sandboxes_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "repository_images"("id") ON DELETE SET NULL ON UPDATE CASCADE;
