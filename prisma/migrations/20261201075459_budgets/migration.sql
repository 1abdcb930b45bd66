-- AlterTable
ALTER TABLE "instance_settings" ADD COLUMN     "person_daily_budget_micros" BIGINT,
ADD COLUMN     "person_monthly_budget_micros" BIGINT,
ADD COLUMN     "session_budget_micros" BIGINT;

-- AlterTable
ALTER TABLE "model_providers" ADD COLUMN     "input_price" DOUBLE PRECISION,
ADD COLUMN     "output_price" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "repository_settings" ADD COLUMN     "monthly_budget_micros" BIGINT;

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "budget_micros" BIGINT;
