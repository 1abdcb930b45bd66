// A database of the test file's own, for a file whose work reaches past its own rows: the fuzz,
// which calls every door as an administrator with whatever input it generates (changing the
// settings, global secrets and model providers every file shares), and the files that run the
// scheduled sweeps or the session loop, which act on every session and sandbox in the database
// (and would otherwise take over other files' sessions when files run side by side).
//
// Call it at the top of the file, before any other hook: it points DATABASE_URL at the new
// database before anything reads the environment (server/env.ts reads it once).
import { afterAll, beforeAll, inject } from "vitest";
import { createFreshDatabase, type FreshDatabase } from "./fresh-database";

export function withOwnDatabase(): void {
  let database: FreshDatabase | undefined;
  beforeAll(async () => {
    // On a server, the new database sits beside the run's; else it is an embedded one of this file's.
    // (Not by reading the environment to check: that would fix it before later hooks set theirs.)
    if ((globalThis as { nightshiftDb?: unknown }).nightshiftDb)
      throw new Error("withOwnDatabase() came too late: the database client exists already; call it first.");
    database = await createFreshDatabase(inject("databaseKind") === "server" ? inject("databaseUrl") : undefined);
    process.env.DATABASE_URL = database.url;
  });
  // Hooks after the tests run in reverse: this one last, once the file's own have let go of the database.
  afterAll(async () => {
    if (!database) return;
    const { stopJobs } = await import("@/server/jobs/queue");
    const { getDb } = await import("@/server/db");
    await stopJobs();
    await getDb().$disconnect();
    await database.drop();
  });
}
