-- CreateTable
CREATE TABLE "slack_pending_requests" (
    "id" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "candidates" TEXT[],
    "expires_at" TIMESTAMP(3) NOT NULL,
    "picked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_pending_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "slack_pending_requests_expires_at_idx" ON "slack_pending_requests"("expires_at");
