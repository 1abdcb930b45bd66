-- CreateEnum
CREATE TYPE "SnapshotReason" AS ENUM ('prompt', 'idle', 'checkpoint');

-- CreateEnum
CREATE TYPE "SnapshotStatus" AS ENUM ('ready', 'retired', 'deleted');

-- AlterTable
ALTER TABLE "sandboxes" ADD COLUMN     "restored_from_id" TEXT;

-- CreateTable
CREATE TABLE "sandbox_snapshots" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "sandbox_id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "provider_snapshot_id" TEXT NOT NULL,
    "reason" "SnapshotReason" NOT NULL,
    "status" "SnapshotStatus" NOT NULL DEFAULT 'ready',
    "retired_reason" TEXT,
    "runtime_version" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL DEFAULT 0,
    "duration_ms" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sandbox_snapshots_session_id_status_created_at_idx" ON "sandbox_snapshots"("session_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "sandbox_snapshots_provider_status_created_at_idx" ON "sandbox_snapshots"("provider", "status", "created_at");

-- AddForeignKey
ALTER TABLE "sandbox_snapshots" ADD CONSTRAINT "sandbox_snapshots_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandbox_snapshots" ADD CONSTRAINT "sandbox_snapshots_sandbox_id_fkey" FOREIGN KEY ("sandbox_id") REFERENCES "sandboxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandboxes" ADD CONSTRAINT "sandboxes_restored_from_id_fkey" FOREIGN KEY ("restored_from_id") REFERENCES "sandbox_snapshots"("id") ON DELETE SET NULL ON UPDATE CASCADE;
