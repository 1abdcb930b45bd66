-- CreateEnum
CREATE TYPE "AutomationTrigger" AS ENUM ('schedule', 'webhook', 'sentry');

-- CreateEnum
CREATE TYPE "AutomationSource" AS ENUM ('schedule', 'manual', 'webhook', 'sentry');

-- CreateEnum
CREATE TYPE "AutomationFiringStatus" AS ENUM ('running', 'completed', 'failed', 'partial_failed', 'skipped');

-- CreateEnum
CREATE TYPE "AutomationRunStatus" AS ENUM ('starting', 'running', 'retrying', 'completed', 'failed');

-- CreateTable
CREATE TABLE "automations" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "instructions" TEXT NOT NULL,
    "trigger" "AutomationTrigger" NOT NULL,
    "cron" TEXT,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "model" TEXT,
    "reasoning_effort" TEXT,
    "owner_id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "paused_reason" TEXT,
    "next_run_at" TIMESTAMP(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "webhook_key_hash" TEXT,
    "sentry_secret_sealed" TEXT,
    "notify_url" TEXT,
    "notify_secret_sealed" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "automations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "automation_targets" (
    "automation_id" TEXT NOT NULL,
    "repository_id" TEXT NOT NULL,
    "branch" TEXT,
    "position" INTEGER NOT NULL,

    CONSTRAINT "automation_targets_pkey" PRIMARY KEY ("automation_id","repository_id")
);

-- CreateTable
CREATE TABLE "automation_firings" (
    "id" TEXT NOT NULL,
    "automation_id" TEXT NOT NULL,
    "source" "AutomationSource" NOT NULL,
    "status" "AutomationFiringStatus" NOT NULL DEFAULT 'running',
    "scheduled_for" TIMESTAMP(3),
    "trigger_key" TEXT,
    "exclusive" BOOLEAN NOT NULL DEFAULT false,
    "skip_reason" TEXT,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "context" TEXT,
    "triggered_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "counted_at" TIMESTAMP(3),
    "notified_at" TIMESTAMP(3),

    CONSTRAINT "automation_firings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "automation_runs" (
    "id" TEXT NOT NULL,
    "firing_id" TEXT NOT NULL,
    "automation_id" TEXT NOT NULL,
    "repository_id" TEXT NOT NULL,
    "status" "AutomationRunStatus" NOT NULL DEFAULT 'starting',
    "session_id" TEXT,
    "message_id" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "retry_at" TIMESTAMP(3),
    "failure_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "automation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "automations_enabled_next_run_at_idx" ON "automations"("enabled", "next_run_at");

-- CreateIndex
CREATE INDEX "automations_owner_id_idx" ON "automations"("owner_id");

-- CreateIndex
CREATE INDEX "automation_targets_repository_id_idx" ON "automation_targets"("repository_id");

-- CreateIndex
CREATE INDEX "automation_firings_automation_id_created_at_idx" ON "automation_firings"("automation_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "automation_firings_automation_id_scheduled_for_key" ON "automation_firings"("automation_id", "scheduled_for");

-- CreateIndex
CREATE UNIQUE INDEX "automation_firings_automation_id_trigger_key_key" ON "automation_firings"("automation_id", "trigger_key");

-- CreateIndex
CREATE UNIQUE INDEX "automation_firings_one_exclusive" ON "automation_firings"("automation_id") WHERE ("exclusive" = true);

-- CreateIndex
CREATE UNIQUE INDEX "automation_runs_session_id_key" ON "automation_runs"("session_id");

-- CreateIndex
CREATE INDEX "automation_runs_status_created_at_idx" ON "automation_runs"("status", "created_at");

-- CreateIndex
CREATE INDEX "automation_runs_automation_id_created_at_idx" ON "automation_runs"("automation_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "automation_runs_firing_id_repository_id_key" ON "automation_runs"("firing_id", "repository_id");

-- AddForeignKey
ALTER TABLE "automations" ADD CONSTRAINT "automations_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_targets" ADD CONSTRAINT "automation_targets_automation_id_fkey" FOREIGN KEY ("automation_id") REFERENCES "automations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_targets" ADD CONSTRAINT "automation_targets_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_firings" ADD CONSTRAINT "automation_firings_automation_id_fkey" FOREIGN KEY ("automation_id") REFERENCES "automations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_firings" ADD CONSTRAINT "automation_firings_triggered_by_id_fkey" FOREIGN KEY ("triggered_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_runs" ADD CONSTRAINT "automation_runs_firing_id_fkey" FOREIGN KEY ("firing_id") REFERENCES "automation_firings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_runs" ADD CONSTRAINT "automation_runs_automation_id_fkey" FOREIGN KEY ("automation_id") REFERENCES "automations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_runs" ADD CONSTRAINT "automation_runs_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_runs" ADD CONSTRAINT "automation_runs_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
