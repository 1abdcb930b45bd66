// Configuration for the Prisma CLI. Only `prisma generate` uses the CLI here; migrations are
// created and applied by scripts/db-migration.ts and scripts/db-migrate.ts (see docs/database.md).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
