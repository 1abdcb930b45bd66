// The jobs port: jobs are written once and run on either adapter — pg-boss (the embedded default,
// server/jobs/pgboss) or Inngest (server/jobs/inngest). A job's event (./events.ts) is what
// senders import; its body (./functions, one job per file) is what workers run. A job body is a list of named steps. Every database write or outside call happens inside a
// step, and every step is idempotent: pg-boss reruns a failed job from the start, Inngest
// replays it and skips the steps that already finished. docs/architecture.md#durable-jobs.
import type { z } from "zod";

export type JobContext = {
  /** Runs one named step. Its result must be JSON (Inngest stores it between replays). */
  step: <T>(name: string, run: () => Promise<T>) => Promise<T>;
  /** 1 on the first try. */
  attempt: number;
};

/**
 * What starting an event job needs, and all it needs: its name, its data's schema, and how it is
 * queued. Declared in ./events.ts apart from the job's body, which imports services, so that
 * services can send jobs without importing what the jobs import.
 */
export type JobEvent<TData extends Record<string, unknown>> = {
  /** Stable name, used as the queue (pg-boss) and as the function id and event name (Inngest). */
  name: string;
  data: z.ZodType<TData>;
  /** Jobs whose data has the same value in this field run one at a time (e.g. per session). */
  concurrencyKey?: keyof TData & string;
  /**
   * With a concurrencyKey, what becomes of a job sent while another with its key still waits to
   * start: `collapse` (the default) drops it on pg-boss, since it would do the same work (a
   * session's dispatch looks for the next prompt either way); `queue` keeps it to run next, for
   * jobs that each carry work of their own (a Slack message). Inngest keeps every one.
   */
  whileWaiting?: "collapse" | "queue";
  /** Further tries after a failure, with backoff. pg-boss sets them on each job as it is sent. */
  retries: number;
};

/** A job started by an event, e.g. "dispatch the next prompt of session S": the event and its body. */
export type EventJob<TData extends Record<string, unknown>> = JobEvent<TData> & {
  kind: "event";
  run: (data: TData, context: JobContext) => Promise<void>;
};

/** A job that runs on a schedule: every `everySeconds` (15 to 60, dividing 60) or every N minutes. */
export type ScheduledJob = {
  kind: "scheduled";
  name: string;
  everySeconds: number;
  run: (context: JobContext) => Promise<void>;
};

export type AnyEventJob = EventJob<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Job = AnyEventJob | ScheduledJob;

export function defineJobEvent<TData extends Record<string, unknown>>(event: JobEvent<TData>): JobEvent<TData> {
  return event;
}

/** The body of the job `event` starts: one job per file, in ./functions. */
export function defineEventJob<TData extends Record<string, unknown>>(
  event: JobEvent<TData>,
  run: EventJob<TData>["run"],
): EventJob<TData> {
  return { kind: "event", ...event, run };
}

export function defineScheduledJob(job: Omit<ScheduledJob, "kind">): ScheduledJob {
  if (job.everySeconds < 60 ? 60 % job.everySeconds !== 0 || job.everySeconds < 15 : job.everySeconds % 60 !== 0) {
    throw new Error(
      `${job.name}: everySeconds must divide 60 (at least 15) or be whole minutes, not ${job.everySeconds}`,
    );
  }
  return { kind: "scheduled", ...job };
}

/** Validates an event job's data; the error names each bad field. */
export function parseJobData<TData extends Record<string, unknown>>(event: JobEvent<TData>, data: unknown): TData {
  const parsed = event.data.safeParse(data);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(data)"}: ${issue.message}`);
  throw new Error(`${event.name}: invalid data: ${fields.join("; ")}`);
}

/** What the rest of the control plane uses to start jobs; one per process, see ./queue.ts. */
export type JobQueue = {
  readonly adapter: "pg-boss" | "inngest";
  send<TData extends Record<string, unknown>>(event: JobEvent<TData>, data: TData): Promise<void>;
};
