// Gives the integration tests a fresh, migrated database for this run: a new database on the
// server in TEST_DATABASE_URL (or DATABASE_URL) when one is set — dropped afterwards — or else
// an in-memory PGlite served over the Postgres wire protocol, as the app uses it.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createFreshDatabase } from "../support/fresh-database";

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
  const database = await createFreshDatabase(serverUrl || undefined);
  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", serverUrl ? "server" : "embedded");
  // One sealing key for the run: the test files share the database, global secrets included.
  project.provide("secretsKey", randomBytes(32).toString("base64"));
  return database.drop;
}
