-- DropIndex
DROP INDEX "sessions_branch_key";

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "replied_at" TIMESTAMP(3),
ADD COLUMN     "reply_to" JSONB;

-- CreateTable
CREATE TABLE "github_threads" (
    "repository_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "session_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "github_threads_pkey" PRIMARY KEY ("repository_id","number")
);

-- CreateIndex
CREATE INDEX "github_threads_session_id_idx" ON "github_threads"("session_id");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_repository_id_branch_key" ON "sessions"("repository_id", "branch");

-- AddForeignKey
ALTER TABLE "github_threads" ADD CONSTRAINT "github_threads_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "github_threads" ADD CONSTRAINT "github_threads_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
