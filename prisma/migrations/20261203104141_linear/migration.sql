-- CreateEnum
CREATE TYPE "LinearLinkMethod" AS ENUM ('email', 'link');

-- CreateEnum
CREATE TYPE "LinearMappingKind" AS ENUM ('team', 'project');

-- CreateTable
CREATE TABLE "linear_installations" (
    "organization_id" TEXT NOT NULL,
    "organization_name" TEXT NOT NULL,
    "app_user_id" TEXT NOT NULL,
    "sealed_access_token" TEXT NOT NULL,
    "sealed_refresh_token" TEXT,
    "access_token_expires_at" TIMESTAMP(3) NOT NULL,
    "scopes" TEXT NOT NULL,
    "installed_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "linear_installations_pkey" PRIMARY KEY ("organization_id")
);

-- CreateTable
CREATE TABLE "linear_deliveries" (
    "id" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "linear_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "linear_users" (
    "linear_user_id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "linked_by" "LinearLinkMethod" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "linear_users_pkey" PRIMARY KEY ("linear_user_id")
);

-- CreateTable
CREATE TABLE "linear_agent_sessions" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "issue_id" TEXT NOT NULL,
    "issue_identifier" TEXT NOT NULL,
    "issue_url" TEXT NOT NULL,
    "session_id" TEXT,
    "user_id" TEXT,
    "pending_prompt" TEXT,
    "issue_started_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "linear_agent_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "linear_mappings" (
    "id" TEXT NOT NULL,
    "kind" "LinearMappingKind" NOT NULL,
    "linear_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "repository_id" TEXT NOT NULL,
    "model" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "linear_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "linear_deliveries_received_at_idx" ON "linear_deliveries"("received_at");

-- CreateIndex
CREATE INDEX "linear_users_user_id_idx" ON "linear_users"("user_id");

-- CreateIndex
CREATE INDEX "linear_agent_sessions_session_id_idx" ON "linear_agent_sessions"("session_id");

-- CreateIndex
CREATE INDEX "linear_mappings_repository_id_idx" ON "linear_mappings"("repository_id");

-- CreateIndex
CREATE UNIQUE INDEX "linear_mappings_kind_linear_id_key" ON "linear_mappings"("kind", "linear_id");

-- AddForeignKey
ALTER TABLE "linear_installations" ADD CONSTRAINT "linear_installations_installed_by_id_fkey" FOREIGN KEY ("installed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "linear_users" ADD CONSTRAINT "linear_users_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "linear_agent_sessions" ADD CONSTRAINT "linear_agent_sessions_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "linear_mappings" ADD CONSTRAINT "linear_mappings_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;
