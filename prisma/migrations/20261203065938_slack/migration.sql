-- CreateEnum
CREATE TYPE "SlackLinkMethod" AS ENUM ('email', 'link');

-- CreateTable
CREATE TABLE "slack_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slack_users" (
    "slack_user_id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "linked_by" "SlackLinkMethod" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_users_pkey" PRIMARY KEY ("slack_user_id")
);

-- CreateTable
CREATE TABLE "slack_link_tokens" (
    "token_hash" TEXT NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_link_tokens_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "slack_threads" (
    "channel" TEXT NOT NULL,
    "thread_ts" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "last_prompt_ts" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_threads_pkey" PRIMARY KEY ("channel","thread_ts")
);

-- CreateTable
CREATE TABLE "slack_channel_defaults" (
    "channel" TEXT NOT NULL,
    "repository_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_channel_defaults_pkey" PRIMARY KEY ("channel")
);

-- CreateTable
CREATE TABLE "slack_routing_rules" (
    "id" TEXT NOT NULL,
    "keyword" TEXT NOT NULL,
    "repository_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_routing_rules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "slack_events_received_at_idx" ON "slack_events"("received_at");

-- CreateIndex
CREATE INDEX "slack_users_user_id_idx" ON "slack_users"("user_id");

-- CreateIndex
CREATE INDEX "slack_link_tokens_slack_user_id_idx" ON "slack_link_tokens"("slack_user_id");

-- CreateIndex
CREATE INDEX "slack_threads_session_id_idx" ON "slack_threads"("session_id");

-- CreateIndex
CREATE UNIQUE INDEX "slack_routing_rules_keyword_key" ON "slack_routing_rules"("keyword");

-- AddForeignKey
ALTER TABLE "slack_users" ADD CONSTRAINT "slack_users_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slack_threads" ADD CONSTRAINT "slack_threads_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slack_channel_defaults" ADD CONSTRAINT "slack_channel_defaults_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slack_routing_rules" ADD CONSTRAINT "slack_routing_rules_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;
