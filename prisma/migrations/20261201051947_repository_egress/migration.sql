-- CreateEnum
CREATE TYPE "EgressMode" AS ENUM ('public', 'allowlist', 'none');

-- AlterTable
ALTER TABLE "repository_settings" ADD COLUMN     "egress_hosts" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "egress_mode" "EgressMode" NOT NULL DEFAULT 'public';
