// Gives the integration tests a fresh, migrated database for this run: a new database on the
// server in TEST_DATABASE_URL (or DATABASE_URL) when one is set — dropped afterwards — or else
// an in-memory PGlite served over the Postgres wire protocol, as the app uses it.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../../server/database/embedded";
import { applyMigrations } from "../../server/database/migrate";

declare module "vitest" {
  // Declaration merging into vitest's own interface needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "server" | "embedded";
    secretsKey: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  const database = serverUrl ? await createFreshDatabase(serverUrl) : await startEmbedded();
  await applyMigrations({ connectionString: database.url });
  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", serverUrl ? "server" : "embedded");
  // One sealing key for the run: the test files share the database, global secrets included.
  project.provide("secretsKey", randomBytes(32).toString("base64"));
  return database.drop;
}

async function startEmbedded() {
  const embedded = await startEmbeddedDatabase();
  return { url: embedded.url, drop: embedded.stop };
}

async function createFreshDatabase(serverUrl: string) {
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
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
