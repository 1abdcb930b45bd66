-- CreateTable
CREATE TABLE "github_deliveries" (
    "id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "github_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "github_deliveries_received_at_idx" ON "github_deliveries"("received_at");
