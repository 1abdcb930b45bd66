-- AlterTable
ALTER TABLE "sandboxes" ALTER COLUMN "provider" DROP NOT NULL;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "claimed_admin_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "instance_settings" (
    "id" TEXT NOT NULL DEFAULT 'instance',
    "local_repositories_with_github" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "updated_by_id" TEXT,

    CONSTRAINT "instance_settings_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "instance_settings" ADD CONSTRAINT "instance_settings_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One row: Nightshift's settings are one set.
ALTER TABLE "instance_settings" ADD CONSTRAINT "instance_settings_one_row" CHECK ("id" = 'instance');
