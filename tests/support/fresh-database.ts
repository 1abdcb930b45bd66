// A fresh, migrated database: a new database on the Postgres server in `serverUrl` when one is
// given (dropped by `drop`), else an in-memory embedded one (PGlite on a Unix socket, as the app
// uses it). The run's shared database comes from here (tests/setup/database.ts), and so does the
// database of a test file that must not share the run's (tests/support/own-database.ts).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedDatabase } from "../../server/database/embedded";
import { applyMigrations } from "../../server/database/migrate";

export type FreshDatabase = { url: string; drop: () => Promise<void> };

export async function createFreshDatabase(serverUrl: string | undefined): Promise<FreshDatabase> {
  const database = serverUrl ? await createServerDatabase(serverUrl) : await startEmbedded();
  try {
    await applyMigrations({ connectionString: database.url });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

async function startEmbedded(): Promise<FreshDatabase> {
  const embedded = await startEmbeddedDatabase();
  return { url: embedded.url, drop: embedded.stop };
}

async function createServerDatabase(serverUrl: string): Promise<FreshDatabase> {
  const name = `nightshift_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
