// Firing an automation: one row records what triggered it, with one run per target repository,
// and each run's session is opened in a job (./run-automation.ts). The database decides what a
// firing may be: one per scheduled occurrence, one per trigger key (a webhook's idempotency key,
// a Sentry issue), and one schedule-or-manual firing running per automation at a time — so a
// tick and a "Run now" at the same moment start one run, and a retried delivery fires once.
import type { Actor } from "../access/actor";
import { type DbClient, getDb, inTransaction } from "../db";
import { AppError } from "../errors";
import { type AutomationSource, Prisma } from "../generated/prisma/client";
import { automationRunEvent } from "../jobs/events";
import { getJobQueue } from "../jobs/queue";
import { logger } from "../logger";
import { authorizeAutomation } from "./manage-automations";

export type FireRequest = {
  automationId: string;
  source: AutomationSource;
  /** schedule: the occurrence. */
  scheduledFor?: Date;
  /** webhook, sentry: what makes a repeat the same firing. */
  triggerKey?: string;
  /** What triggered it, for the history. */
  detail?: Prisma.InputJsonObject;
  /** Untrusted context the agent gets after the instructions (already wrapped). */
  context?: string;
  /** manual: who pressed "Run now". */
  triggeredById?: string;
};

export type FireResult =
  | { status: "fired"; firingId: string; runs: number }
  | { status: "duplicate"; firingId: string }
  | { status: "skipped"; firingId: string | null; reason: string };

export const PREVIOUS_RUN_STILL_GOING = "the previous run is still going";
const NO_TARGETS = "none of its repositories is in Nightshift any more";

/** Records a firing and starts its runs; see the file's comment for what the database refuses. */
export async function fireAutomation(request: FireRequest, db: DbClient = getDb()): Promise<FireResult> {
  const exclusive = request.source === "schedule" || request.source === "manual";
  const row = {
    automationId: request.automationId,
    source: request.source,
    scheduledFor: request.scheduledFor ?? null,
    triggerKey: request.triggerKey ?? null,
    detail: request.detail ?? {},
    context: request.context ?? null,
    triggeredById: request.triggeredById ?? null,
  };
  let firing: { id: string; runs: Array<{ id: string }> };
  try {
    firing = await inTransaction(db, async (tx) => {
      const targets = await tx.automationTarget.findMany({
        where: { automationId: request.automationId },
        orderBy: { position: "asc" },
        select: { repositoryId: true },
      });
      if (targets.length === 0) {
        // Its repositories were all removed from Nightshift: nothing to run on.
        return tx.automationFiring.create({
          data: { ...row, status: "skipped", skipReason: NO_TARGETS, finishedAt: new Date() },
          select: { id: true, runs: { select: { id: true } } },
        });
      }
      return tx.automationFiring.create({
        data: {
          ...row,
          exclusive,
          runs: {
            create: targets.map((target) => ({
              automationId: request.automationId,
              repositoryId: target.repositoryId,
            })),
          },
        },
        select: { id: true, runs: { select: { id: true } } },
      });
    });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    return refused(request, row, db);
  }
  if (firing.runs.length === 0) return { status: "skipped", firingId: firing.id, reason: NO_TARGETS };
  await startRuns(firing.runs.map((run) => run.id));
  return { status: "fired", firingId: firing.id, runs: firing.runs.length };
}

/** Queues each run's job. One that is not queued now is queued by the scheduler's sweep. */
export async function startRuns(runIds: readonly string[]): Promise<void> {
  for (const runId of runIds) {
    await getJobQueue()
      .send(automationRunEvent, { runId })
      .catch((error: unknown) => logger.warn("automation run not queued; the sweep retries it", { runId, error }));
  }
}

/**
 * The insert broke a unique index. Either this occurrence or trigger key fired already (a
 * duplicate), or another schedule-or-manual firing is running: "Run now" says so, a scheduled
 * tick records a skipped firing saying why.
 */
async function refused(
  request: FireRequest,
  row: Prisma.AutomationFiringUncheckedCreateInput,
  db: DbClient,
): Promise<FireResult> {
  const earlier = await firstFiring(request, db);
  if (earlier) return { status: "duplicate", firingId: earlier.id };
  if (request.source === "manual")
    throw new AppError("CONFLICT", "A run of this automation is still going; run it again when that one ends.");
  try {
    const skipped = await db.automationFiring.create({
      data: { ...row, status: "skipped", skipReason: PREVIOUS_RUN_STILL_GOING, finishedAt: new Date() },
      select: { id: true },
    });
    return { status: "skipped", firingId: skipped.id, reason: PREVIOUS_RUN_STILL_GOING };
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const raced = await firstFiring(request, db);
    if (raced) return { status: "duplicate", firingId: raced.id };
    throw error;
  }
}

function firstFiring(request: FireRequest, db: DbClient): Promise<{ id: string } | null> {
  if (request.scheduledFor)
    return db.automationFiring.findUnique({
      where: { automationId_scheduledFor: { automationId: request.automationId, scheduledFor: request.scheduledFor } },
      select: { id: true },
    });
  if (request.triggerKey)
    return db.automationFiring.findUnique({
      where: { automationId_triggerKey: { automationId: request.automationId, triggerKey: request.triggerKey } },
      select: { id: true },
    });
  return Promise.resolve(null);
}

/** "Run now": fires at once, also while paused, without moving the schedule. */
export async function runAutomationNow(
  automationId: string,
  actor: Actor,
  db: DbClient = getDb(),
): Promise<Extract<FireResult, { status: "fired" | "skipped" }>> {
  await authorizeAutomation(automationId, actor, db);
  const fired = await fireAutomation({ automationId, source: "manual", triggeredById: actor.id, detail: {} }, db);
  // A manual firing has no trigger key, so it is never a duplicate.
  if (fired.status === "duplicate") throw new AppError("CONFLICT", "This automation fired already.");
  return fired;
}
