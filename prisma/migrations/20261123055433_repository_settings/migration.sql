-- CreateTable
CREATE TABLE "repository_settings" (
    "repository_id" TEXT NOT NULL,
    "bot_enabled" BOOLEAN NOT NULL DEFAULT true,
    "auto_review" BOOLEAN NOT NULL DEFAULT false,
    "allowed_users" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "review_instructions" TEXT,
    "default_model" TEXT,
    "default_reasoning_effort" "ReasoningEffort",
    "draft_pull_requests" BOOLEAN NOT NULL DEFAULT false,
    "pull_request_label" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "updated_by_id" TEXT,

    CONSTRAINT "repository_settings_pkey" PRIMARY KEY ("repository_id")
);

-- AddForeignKey
ALTER TABLE "repository_settings" ADD CONSTRAINT "repository_settings_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "repository_settings" ADD CONSTRAINT "repository_settings_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
