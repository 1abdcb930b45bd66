// Applies the committed SQL migrations (prisma/migrations) to a Postgres database. It keeps
// Prisma's own bookkeeping table, `_prisma_migrations`, with the same checksums and the same
// advisory lock, so Prisma's tooling and this agree on what has been applied — but it needs no
// schema engine at all. Each migration and its record commit in one transaction: a failing
// migration leaves nothing half-applied.
import pg from "pg";
import { type MigrationFile, readMigrationFiles } from "./migration-files";

/** The advisory lock id Prisma Migrate takes, so two migrators never run at once. */
const MIGRATION_LOCK_ID = 72707369;

const CREATE_BOOKKEEPING_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  override name = "MigrationError";
}

export type ApplyMigrationsOptions = {
  connectionString: string;
  /** Defaults to the files under prisma/migrations. */
  migrations?: MigrationFile[];
  /** Receives warnings (a migration edited after it was applied, one missing locally). */
  onWarning?: (message: string) => void;
};

export type ApplyMigrationsResult = { applied: string[]; total: number };

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

export async function applyMigrations(options: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const migrations = options.migrations ?? (await readMigrationFiles());
  const warn = options.onWarning ?? (() => {});
  const client = new pg.Client({ connectionString: options.connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    try {
      await client.query(CREATE_BOOKKEEPING_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
      );
      const unfinished = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
      if (unfinished) {
        throw new MigrationError(
          `Migration ${unfinished.migration_name} was started earlier and never finished. Fix the database by ` +
            `hand, then mark it rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE ` +
            `migration_name = '${unfinished.migration_name}') and run npm run db:migrate again.`,
        );
      }
      const applied = new Map(
        rows
          .filter((row) => row.finished_at !== null && row.rolled_back_at === null)
          .map((row) => [row.migration_name, row.checksum]),
      );
      const known = new Set(migrations.map((migration) => migration.name));
      for (const name of applied.keys()) {
        if (!known.has(name)) warn(`Migration ${name} is applied to the database but missing from prisma/migrations.`);
      }

      const newlyApplied: string[] = [];
      for (const migration of migrations) {
        const checksum = applied.get(migration.name);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) warn(`Migration ${migration.name} was edited after it was applied.`);
          continue;
        }
        await applyOne(client, migration);
        newlyApplied.push(migration.name);
      }
      return { applied: newlyApplied, total: migrations.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES (gen_random_uuid(), $1, $2, now(), now(), 1)`,
      [migration.checksum, migration.name],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
}
