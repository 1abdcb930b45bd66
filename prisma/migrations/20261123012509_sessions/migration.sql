-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('created', 'active', 'completed', 'failed', 'archived', 'cancelled');

-- CreateEnum
CREATE TYPE "ReasoningEffort" AS ENUM ('low', 'medium', 'high');

-- CreateEnum
CREATE TYPE "ParticipantRole" AS ENUM ('owner', 'member');

-- CreateEnum
CREATE TYPE "MessageSource" AS ENUM ('web', 'api', 'slack', 'github', 'linear', 'webhook', 'automation', 'action', 'agent');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('pending', 'processing', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "ArtifactKind" AS ENUM ('branch', 'pr', 'screenshot', 'preview');

-- CreateEnum
CREATE TYPE "SandboxStatus" AS ENUM ('pending', 'spawning', 'syncing', 'ready', 'running', 'stale', 'snapshotting', 'stopped', 'failed');

-- CreateEnum
CREATE TYPE "BootMode" AS ENUM ('build', 'fresh', 'repo_image', 'snapshot_restore');

-- CreateEnum
CREATE TYPE "SandboxCommandType" AS ENUM ('prompt', 'stop', 'push', 'shutdown');

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "repository_id" TEXT NOT NULL,
    "base_branch" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "title" TEXT,
    "status" "SessionStatus" NOT NULL DEFAULT 'created',
    "status_before_archive" "SessionStatus",
    "model" TEXT NOT NULL,
    "reasoning_effort" "ReasoningEffort",
    "created_by_id" TEXT NOT NULL,
    "parent_id" TEXT,
    "total_cost_usd" DECIMAL(14,6) NOT NULL DEFAULT 0,
    "last_event_seq" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session_participants" (
    "session_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "ParticipantRole" NOT NULL,
    "joined_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_participants_pkey" PRIMARY KEY ("session_id","user_id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "source" "MessageSource" NOT NULL,
    "content" TEXT NOT NULL,
    "model" TEXT,
    "reasoning_effort" "ReasoningEffort",
    "client_request_id" TEXT NOT NULL,
    "status" "MessageStatus" NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "message_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "artifacts" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "kind" "ArtifactKind" NOT NULL,
    "url" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "artifacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandboxes" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "provider_id" TEXT,
    "status" "SandboxStatus" NOT NULL DEFAULT 'pending',
    "boot_mode" "BootMode" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "last_heartbeat_at" TIMESTAMP(3),
    "last_activity_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sandboxes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_commands" (
    "id" TEXT NOT NULL,
    "sandbox_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" "SandboxCommandType" NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMP(3),

    CONSTRAINT "sandbox_commands_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sessions_branch_key" ON "sessions"("branch");

-- CreateIndex
CREATE INDEX "sessions_repository_id_idx" ON "sessions"("repository_id");

-- CreateIndex
CREATE INDEX "sessions_created_at_idx" ON "sessions"("created_at");

-- CreateIndex
CREATE INDEX "session_participants_user_id_idx" ON "session_participants"("user_id");

-- CreateIndex
CREATE INDEX "messages_session_id_status_created_at_idx" ON "messages"("session_id", "status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "messages_session_id_client_request_id_key" ON "messages"("session_id", "client_request_id");

-- CreateIndex
CREATE UNIQUE INDEX "messages_one_processing_per_session" ON "messages"("session_id") WHERE ("status" = 'processing');

-- CreateIndex
CREATE UNIQUE INDEX "events_session_id_seq_key" ON "events"("session_id", "seq");

-- CreateIndex
CREATE INDEX "artifacts_session_id_idx" ON "artifacts"("session_id");

-- CreateIndex
CREATE UNIQUE INDEX "sandboxes_token_hash_key" ON "sandboxes"("token_hash");

-- CreateIndex
CREATE INDEX "sandboxes_session_id_status_idx" ON "sandboxes"("session_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_commands_sandbox_id_seq_key" ON "sandbox_commands"("sandbox_id", "seq");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_participants" ADD CONSTRAINT "session_participants_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_participants" ADD CONSTRAINT "session_participants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandboxes" ADD CONSTRAINT "sandboxes_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandbox_commands" ADD CONSTRAINT "sandbox_commands_sandbox_id_fkey" FOREIGN KEY ("sandbox_id") REFERENCES "sandboxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
