// Runs one of our job definitions as an Inngest function, in process, through @inngest/test:
// the same replay-per-step execution Inngest Cloud drives, without its retries.
import { InngestTestEngine } from "@inngest/test";
import type { AnyEventJob, Job, ScheduledJob } from "@/server/jobs/job";
import { createInngestClient, eventNameOf } from "@/server/jobs/inngest/client";
import { createInngestFunctions, roundSleepIds } from "@/server/jobs/inngest/functions";

export type InngestRun = Awaited<ReturnType<InngestTestEngine["execute"]>>;

type StepMock = { id: string; handler: () => unknown };

/**
 * Runs an event job on `data` (deliberately unchecked, so tests can send bad data). `steps`
 * replaces named steps, e.g. one that would start a real sandbox.
 */
export function runEventJobWithInngest(
  job: AnyEventJob,
  data: Record<string, unknown>,
  steps: StepMock[] = [],
): Promise<InngestRun> {
  return engineFor(job).execute({ events: [{ name: eventNameOf(job), data }], steps });
}

/** Runs one cron tick of a scheduled job; the sleeps between sub-minute rounds return at once. */
export function runScheduledJobWithInngest(job: ScheduledJob): Promise<InngestRun> {
  const steps = roundSleepIds(job).map((id) => ({ id, handler: () => null }));
  return engineFor(job).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }], steps });
}

export function inngestFunctionFor(job: Job) {
  const [fn] = createInngestFunctions(createInngestClient({}), [job]);
  if (!fn) throw new Error(`no Inngest function for ${job.name}`);
  return fn;
}

function engineFor(job: Job): InngestTestEngine {
  return new InngestTestEngine({ function: inngestFunctionFor(job) });
}
