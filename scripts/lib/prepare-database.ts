// Gets the database ready for the app: the one in DATABASE_URL, or the embedded one (started
// here, or the one another Nightshift process is already serving), with migrations applied.
import path from "node:path";
import type { DatabaseChoice } from "../../server/database/describe-database";
import { type EmbeddedDatabase, readLiveLockOwner, startEmbeddedDatabase } from "../../server/database/embedded";
import { applyMigrations } from "../../server/database/migrate";
import type { Env } from "../../server/env";

export type PreparedDatabase = {
  choice: DatabaseChoice;
  applied: string[];
  /** Stops the embedded database if this process started it; otherwise does nothing. */
  stop: () => Promise<void>;
};

export async function prepareDatabase(
  env: Env,
  options: { reuseRunning?: boolean; onWarning?: (message: string) => void } = {},
): Promise<PreparedDatabase> {
  let choice: DatabaseChoice;
  let embedded: EmbeddedDatabase | undefined;
  if (env.DATABASE_URL) {
    choice = { kind: "external", url: env.DATABASE_URL };
  } else {
    const dataDir = path.join(env.NIGHTSHIFT_DATA_DIR, "data");
    const running = options.reuseRunning ? await readLiveLockOwner(dataDir) : undefined;
    if (running) {
      choice = { kind: "embedded", dataDir, url: running.url };
    } else {
      embedded = await startEmbeddedDatabase({ dataDir });
      choice = { kind: "embedded", dataDir, url: embedded.url };
    }
  }
  const stop = async () => {
    await embedded?.stop();
  };
  try {
    const { applied } = await applyMigrations({ connectionString: choice.url, onWarning: options.onWarning });
    return { choice, applied, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
