-- CreateTable
CREATE TABLE "slack_preferences" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "repository_id" TEXT,
    "model" TEXT,
    "reasoning_effort" TEXT,
    "base_branch" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "slack_preferences_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "slack_preferences_repository_id_idx" ON "slack_preferences"("repository_id");

-- CreateIndex
CREATE UNIQUE INDEX "slack_preferences_user_id_repository_id_key" ON "slack_preferences"("user_id", "repository_id");

-- CreateIndex
CREATE UNIQUE INDEX "slack_preferences_one_global_per_user" ON "slack_preferences"("user_id") WHERE (repository_id IS NULL);

-- AddForeignKey
ALTER TABLE "slack_preferences" ADD CONSTRAINT "slack_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slack_preferences" ADD CONSTRAINT "slack_preferences_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;
