-- CreateEnum
CREATE TYPE "SecretScope" AS ENUM ('global', 'repository');

-- CreateTable
CREATE TABLE "secrets" (
    "id" TEXT NOT NULL,
    "scope" "SecretScope" NOT NULL,
    "scope_id" TEXT NOT NULL,
    "repository_id" TEXT,
    "key" TEXT NOT NULL,
    "sealed_value" TEXT NOT NULL,
    "value_bytes" INTEGER NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "updated_by_id" TEXT,

    CONSTRAINT "secrets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "secrets_scope_id_key_key" ON "secrets"("scope_id", "key");

-- AddForeignKey
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
