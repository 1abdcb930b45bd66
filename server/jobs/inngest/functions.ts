// Turns the jobs port's definitions (../job.ts) into Inngest functions. Inngest replays a
// function from the top on every step and skips the steps it has already recorded, which is
// why every job's side effects live inside named steps.
import { type InngestFunction, NonRetriableError } from "inngest";
import { type AnyEventJob, type Job, type JobContext, parseJobData, type ScheduledJob } from "../job";
import { eventNameOf, type InngestClient } from "./client";

type InngestRetries = NonNullable<InngestFunction.Options["retries"]>;
type RunStep = (id: string, run: () => Promise<unknown>) => Promise<unknown>;

export function createInngestFunctions(client: InngestClient, jobs: readonly Job[]): InngestFunction.Any[] {
  return jobs.map((job) => (job.kind === "event" ? eventFunction(client, job) : scheduledFunction(client, job)));
}

/**
 * The step ids of the sleeps between rounds of a sub-minute scheduled job. Inngest's crons
 * fire once a minute at most, so a job due every 15 seconds runs four rounds per tick.
 */
export function roundSleepIds(job: ScheduledJob): string[] {
  const rounds = job.everySeconds < 60 ? 60 / job.everySeconds : 1;
  return Array.from({ length: rounds - 1 }, (_, index) => `round-${index + 2}:wait`);
}

function eventFunction(client: InngestClient, job: AnyEventJob) {
  return client.createFunction(
    {
      id: job.name,
      triggers: [{ event: eventNameOf(job) }],
      retries: inngestRetries(job),
      ...(job.concurrencyKey ? { concurrency: { key: `event.data.${job.concurrencyKey}`, limit: 1 } } : {}),
    },
    async ({ event, step, attempt }) => {
      const data = parseOrGiveUp(job, event.data);
      await job.run(data, jobContext(step.run, attempt));
    },
  );
}

function scheduledFunction(client: InngestClient, job: ScheduledJob) {
  const sleepIds = roundSleepIds(job);
  // A sweep still running (its rounds take up to a minute) is not started twice: the new tick is skipped.
  const options = { id: job.name, triggers: [{ cron: cronOf(job) }], singleton: { mode: "skip" as const } };
  return client.createFunction(options, async ({ step, attempt }) => {
    if (sleepIds.length === 0) return job.run(jobContext(step.run, attempt));
    await job.run(jobContext(step.run, attempt, "round-1:"));
    for (const [index, sleepId] of sleepIds.entries()) {
      await step.sleep(sleepId, `${job.everySeconds}s`);
      await job.run(jobContext(step.run, attempt, `round-${index + 2}:`));
    }
  });
}

function jobContext(runStep: RunStep, attempt: number, prefix = ""): JobContext {
  return {
    // Inngest resolves a step to its recorded JSON result (a step that returns nothing to
    // null), which is what JobContext promises its callers.
    step: <T>(name: string, run: () => Promise<T>) => runStep(`${prefix}${name}`, run) as Promise<T>,
    // Inngest counts attempts from 0; the port counts from 1.
    attempt: attempt + 1,
  };
}

function parseOrGiveUp(job: AnyEventJob, data: unknown): Record<string, unknown> {
  try {
    return parseJobData(job, data);
  } catch (error) {
    // Bad data stays bad: retrying would only fail the same way.
    throw new NonRetriableError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function inngestRetries(job: AnyEventJob): InngestRetries {
  if (!Number.isInteger(job.retries) || job.retries < 0 || job.retries > 20) {
    throw new Error(`${job.name}: Inngest allows 0 to 20 retries, not ${job.retries}`);
  }
  return job.retries as InngestRetries; // checked above; Inngest types retries as the literals 0 to 20
}

/** Inngest's cron for a schedule; sub-minute schedules fire every minute (see roundSleepIds). */
function cronOf(job: ScheduledJob): string {
  const minutes = Math.max(1, job.everySeconds / 60);
  if (minutes === 1) return "* * * * *";
  if (minutes < 60) return `*/${minutes} * * * *`;
  if (minutes % 60 === 0 && minutes / 60 < 24) return `0 */${minutes / 60} * * *`;
  if (minutes % 1440 === 0) return `0 0 */${minutes / 1440} * *`;
  throw new Error(`${job.name}: Inngest's cron cannot run every ${minutes} minutes; use whole hours or days`);
}
