-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "sandbox_id" TEXT;

-- AlterTable
ALTER TABLE "sandboxes" ADD COLUMN     "last_event_batch" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "stopped_at" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "sandboxes_one_live_per_session" ON "sandboxes"("session_id") WHERE (status = ANY (ARRAY['pending'::"SandboxStatus", 'spawning'::"SandboxStatus", 'syncing'::"SandboxStatus", 'ready'::"SandboxStatus", 'running'::"SandboxStatus", 'snapshotting'::"SandboxStatus"]));

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_sandbox_id_fkey" FOREIGN KEY ("sandbox_id") REFERENCES "sandboxes"("id") ON DELETE SET NULL ON UPDATE CASCADE;
