-- AlterTable
ALTER TABLE "repositories" ADD COLUMN     "github_id" BIGINT,
ADD COLUMN     "installation_id" BIGINT,
ADD COLUMN     "is_private" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "repositories_github_id_key" ON "repositories"("github_id");
