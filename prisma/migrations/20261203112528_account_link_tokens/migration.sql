-- CreateEnum
CREATE TYPE "LinkedAccountKind" AS ENUM ('slack', 'linear');

-- CreateTable
CREATE TABLE "account_link_tokens" (
    "token_hash" TEXT NOT NULL,
    "kind" "LinkedAccountKind" NOT NULL,
    "external_user_id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "display_name" TEXT,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_link_tokens_pkey" PRIMARY KEY ("token_hash")
);

-- CreateIndex
CREATE INDEX "account_link_tokens_kind_external_user_id_idx" ON "account_link_tokens"("kind", "external_user_id");

-- The Slack links given before this migration stay good: they are links of the kind "slack".
INSERT INTO "account_link_tokens" ("token_hash", "kind", "external_user_id", "team_id", "expires_at", "created_at")
SELECT "token_hash", 'slack', "slack_user_id", "team_id", "expires_at", "created_at" FROM "slack_link_tokens";

-- DropTable
DROP TABLE "slack_link_tokens";
