// `npm run db:migrate`: applies pending migrations from prisma/migrations to DATABASE_URL, or
// to the embedded database (the running one if `npm run dev` is up, else its data directory).
import { describeDatabase } from "../server/database/describe-database";
import { MigrationError } from "../server/database/migrate";
import { EmbeddedDatabaseBusyError } from "../server/database/embedded";
import { loadProjectEnv } from "./lib/project-env";
import { prepareDatabase } from "./lib/prepare-database";

const { env } = await loadProjectEnv({ nodeEnv: process.env.NODE_ENV === "production" ? "production" : "development" });
try {
  const database = await prepareDatabase(env, {
    reuseRunning: true,
    onWarning: (message) => console.warn(`warning: ${message}`),
  });
  await database.stop();
  console.log(describeDatabase(database.choice));
  console.log(
    database.applied.length === 0
      ? "No pending migrations: the database is up to date."
      : `Applied ${database.applied.length} migration(s):\n${database.applied.map((name) => `  ${name}`).join("\n")}`,
  );
} catch (error) {
  const isKnown = error instanceof MigrationError || error instanceof EmbeddedDatabaseBusyError;
  console.error(`db:migrate failed: ${isKnown ? error.message : String(error)}`);
  process.exitCode = 1;
}
