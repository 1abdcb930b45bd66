// The pg-boss adapter of the jobs port: the embedded default. Jobs are rows in the same
// Postgres, worked by the Nightshift server process itself. A failed job is retried from its
// first step, which is why every step is idempotent. Per-key concurrency uses pg-boss's
// "stately" queues: per session at most one job running and one waiting, so requests made while
// a dispatch runs coalesce into one more dispatch.
import PgBoss from "pg-boss";
import { logger } from "../../logger";
import {
  type AnyEventJob,
  type Job,
  type JobContext,
  type JobEvent,
  type JobQueue,
  parseJobData,
  type ScheduledJob,
} from "../job";

export type PgBossJobsOptions = {
  connectionString: string;
  /** The Postgres schema for pg-boss's tables. Default: pgboss. */
  schema?: string;
  /** The jobs worked in this process; none in a process that only sends (a script, a test). */
  jobs: readonly Job[];
  /** Event jobs worked at once in this process, across keys. Default: 4. */
  workersPerQueue?: number;
};

export type PgBossJobs = JobQueue & { stop(): Promise<void> };

export async function startPgBossJobs(options: PgBossJobsOptions): Promise<PgBossJobs> {
  const boss = new PgBoss({ connectionString: options.connectionString, schema: options.schema ?? "pgboss", max: 5 });
  boss.on("error", (error) => logger.error("pg-boss", { error }));
  await boss.start();
  // A queue must exist before a job is sent to it. Created once per process: by the workers at
  // start, else by the first send, which knows all a queue needs from the job's event.
  const queues = new Map<string, Promise<void>>();
  const ensureQueue = (job: { name: string; concurrencyKey?: string; whileWaiting?: "collapse" | "queue" }) => {
    let created = queues.get(job.name);
    if (!created) {
      // stately: one waiting and one running per key, a repeat dropped; singleton: one running
      // per key, the rest waiting their turn.
      const policy = !job.concurrencyKey ? "standard" : job.whileWaiting === "queue" ? "singleton" : "stately";
      created = boss.createQueue(job.name, { name: job.name, policy });
      created.catch(() => queues.delete(job.name));
      queues.set(job.name, created);
    }
    return created;
  };
  for (const job of options.jobs) await ensureQueue(job);

  const timers: NodeJS.Timeout[] = [];
  for (const job of options.jobs) {
    if (job.kind === "event") {
      for (let index = 0; index < (options.workersPerQueue ?? 4); index += 1) {
        await boss.work<object>(
          job.name,
          { pollingIntervalSeconds: 0.5, batchSize: 1, includeMetadata: true },
          ([work]) => runEventJob(job, work),
        );
      }
    } else {
      await boss.work<object>(job.name, { pollingIntervalSeconds: 1, batchSize: 1, includeMetadata: true }, ([work]) =>
        runScheduledJob(job, work),
      );
      timers.push(scheduleTicks(boss, job));
    }
  }

  return {
    adapter: "pg-boss",
    async send<TData extends Record<string, unknown>>(event: JobEvent<TData>, data: TData) {
      const valid = parseJobData(event, data);
      await ensureQueue(event);
      const key = event.concurrencyKey ? String(valid[event.concurrencyKey]) : undefined;
      await boss.send(event.name, valid, {
        singletonKey: key,
        retryLimit: event.retries,
        retryDelay: 1,
        retryBackoff: true,
      });
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await boss.stop({ graceful: true, timeout: 5_000, wait: true });
    },
  };
}

function context(work: PgBoss.JobWithMetadata | undefined): JobContext {
  return { step: (_name, run) => run(), attempt: (work?.retryCount ?? 0) + 1 };
}

async function runEventJob(job: AnyEventJob, work: PgBoss.JobWithMetadata | undefined): Promise<void> {
  if (!work) return;
  let data;
  try {
    data = parseJobData(job, work.data);
  } catch (error) {
    // Bad data never gets better: record it and do not retry.
    logger.error("job refused its data", { job: job.name, id: work.id, error });
    return;
  }
  try {
    await job.run(data, context(work));
  } catch (error) {
    logger.warn("job failed; pg-boss retries it", { job: job.name, id: work.id, attempt: work.retryCount + 1, error });
    throw error;
  }
}

async function runScheduledJob(job: ScheduledJob, work: PgBoss.JobWithMetadata | undefined): Promise<void> {
  try {
    await job.run(context(work));
  } catch (error) {
    logger.warn("scheduled job failed", { job: job.name, error });
    throw error;
  }
}

/**
 * Sends a scheduled job every `everySeconds`. pg-boss's own cron has one-minute granularity;
 * the throttle (one job per key per time slot) keeps several server processes from doubling it.
 */
function scheduleTicks(boss: PgBoss, job: ScheduledJob): NodeJS.Timeout {
  const tick = () => {
    boss
      .send(job.name, {}, { singletonKey: job.name, singletonSeconds: job.everySeconds, retryLimit: 0 })
      .catch((error: unknown) => {
        logger.warn("could not schedule a job", { job: job.name, error });
      });
  };
  tick();
  const timer = setInterval(tick, job.everySeconds * 1000);
  timer.unref();
  return timer;
}
