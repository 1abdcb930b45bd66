-- CreateTable
CREATE TABLE "workflow_tokens" (
    "id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "repository_id" TEXT NOT NULL,
    "run" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "workflow_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "workflow_tokens_token_hash_key" ON "workflow_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "workflow_tokens_expires_at_idx" ON "workflow_tokens"("expires_at");

-- AddForeignKey
ALTER TABLE "workflow_tokens" ADD CONSTRAINT "workflow_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_tokens" ADD CONSTRAINT "workflow_tokens_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;
