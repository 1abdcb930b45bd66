// The process's job queue: Inngest when its keys are set, else pg-boss on the database.
// The server starts it at startup with the jobs it works (instrumentation.ts hands it
// ./registry.ts's list); anything that sends a job before that (a script, a test) gets a
// pg-boss that only sends. Sending needs only the job's event (./events.ts), never the registry.
import { getEnv } from "../env";
import { logger } from "../logger";
import { createInngestClient } from "./inngest/client";
import { InngestQueue } from "./inngest/queue";
import type { Job, JobEvent, JobQueue } from "./job";
import { type PgBossJobs, startPgBossJobs } from "./pgboss/pgboss-jobs";

type Started = { queue: JobQueue; stop: () => Promise<void> };
const state = globalThis as typeof globalThis & { nightshiftJobs?: Promise<Started> };

export type StartJobsOptions = {
  /** The jobs this process works (pg-boss): ./registry.ts's list. None: it only sends. */
  jobs?: readonly Job[];
  /** pg-boss's schema; tests give each file its own so their workers do not share jobs. */
  schema?: string;
  connectionString?: string;
};

/** Starts the jobs backend once per process; later calls return the same one. */
export function startJobs(options: StartJobsOptions = {}): Promise<Started> {
  state.nightshiftJobs ??= start(options).catch((error: unknown) => {
    state.nightshiftJobs = undefined;
    throw error;
  });
  return state.nightshiftJobs;
}

async function start(options: StartJobsOptions): Promise<Started> {
  const env = getEnv();
  if (env.jobs.kind === "inngest") {
    const queue = new InngestQueue(createInngestClient(env.jobs));
    return { queue, stop: async () => {} };
  }
  const connectionString = options.connectionString ?? env.DATABASE_URL;
  if (!connectionString)
    throw new Error("pg-boss needs DATABASE_URL (npm run dev starts the embedded database and sets it).");
  const jobs = options.jobs ?? [];
  const boss: PgBossJobs = await startPgBossJobs({ connectionString, schema: options.schema, jobs });
  if (jobs.length > 0) logger.debug("jobs: pg-boss workers started", { jobs: jobs.map((job) => job.name) });
  return { queue: boss, stop: () => boss.stop() };
}

/** Stops the backend (tests, shutdown). */
export async function stopJobs(): Promise<void> {
  const started = state.nightshiftJobs;
  state.nightshiftJobs = undefined;
  if (started) await (await started).stop();
}

/** Sends jobs through the started backend, starting a send-only one if none was started. */
export function getJobQueue(): JobQueue {
  return {
    get adapter() {
      return getEnv().jobs.kind === "inngest" ? "inngest" : "pg-boss";
    },
    async send<TData extends Record<string, unknown>>(event: JobEvent<TData>, data: TData) {
      const { queue } = await startJobs();
      await queue.send(event, data);
    },
  };
}
