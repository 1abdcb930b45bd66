import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "@/server/database/embedded";
import { type MigrationFile, migrationChecksum, readMigrationFiles } from "@/server/database/migration-files";
import { applyMigrations, MigrationError } from "@/server/database/migrate";

const running: EmbeddedDatabase[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((database) => database.stop()));
});

async function freshDatabase(): Promise<string> {
  const database = await startEmbeddedDatabase();
  running.push(database);
  return database.url;
}

function migration(name: string, sql: string): MigrationFile {
  return { name, sql, checksum: migrationChecksum(sql) };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("applying migrations", () => {
  it("applies the committed migrations once, recording them as Prisma does", async () => {
    const url = await freshDatabase();
    const committed = await readMigrationFiles();

    const first = await applyMigrations({ connectionString: url });
    const second = await applyMigrations({ connectionString: url });

    expect(first.applied).toEqual(committed.map((file) => file.name));
    expect(second.applied).toEqual([]);
    const recorded = await query<{ migration_name: string; checksum: string }>(
      url,
      `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(recorded).toEqual(committed.map((file) => ({ migration_name: file.name, checksum: file.checksum })));
    expect(await query(url, `SELECT count(*)::int AS n FROM repositories`)).toEqual([{ n: 0 }]);
  });

  it("rolls a failing migration back whole, records nothing, and names it", async () => {
    const url = await freshDatabase();
    const good = migration("20260101000000_good", `CREATE TABLE good (id int);`);
    const bad = migration("20260102000000_bad", `CREATE TABLE half (id int);\nSELECT * FROM missing_table;`);

    const failure = await applyMigrations({ connectionString: url, migrations: [good, bad] }).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(
      /^Migration 20260102000000_bad failed and was rolled back: .*missing_table/,
    );
    const tables = await query<{ table_name: string }>(
      url,
      `SELECT table_name FROM information_schema.tables WHERE table_name IN ('good', 'half')`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(["good"]);
    const recorded = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.map((row) => row.migration_name)).toEqual(["20260101000000_good"]);
  });

  it("warns about an applied migration that was edited or is missing, and refuses an unfinished one", async () => {
    const url = await freshDatabase();
    const first = migration("20260101000000_first", `CREATE TABLE first (id int);`);
    await applyMigrations({ connectionString: url, migrations: [first] });
    const warnings: string[] = [];

    await applyMigrations({
      connectionString: url,
      migrations: [migration(first.name, `CREATE TABLE first (id bigint);`)],
      onWarning: (message) => warnings.push(message),
    });
    await applyMigrations({ connectionString: url, migrations: [], onWarning: (message) => warnings.push(message) });

    expect(warnings).toEqual([
      "Migration 20260101000000_first was edited after it was applied.",
      "Migration 20260101000000_first is applied to the database but missing from prisma/migrations.",
    ]);

    await query(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'y', '20260103000000_crashed')`,
    );
    await expect(applyMigrations({ connectionString: url, migrations: [first] })).rejects.toThrow(
      /Migration 20260103000000_crashed was started earlier and never finished/,
    );
  });
});
