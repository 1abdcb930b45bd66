// The automations' clock, run every 30 seconds by the automations-tick job. It fires schedules
// that are due, and sweeps: runs whose job was never queued, retries whose backoff has passed,
// runs past their time limit, and ended firings not yet counted. Everything it reads is in the
// database, so a restart loses no due firing, and the unique occurrence per firing means two
// ticks at once fire it once. docs/automations.md#schedules.
import { loadActor } from "../access/actor";
import { type DbClient, getDb } from "../db";
import { automationFiringEndedEvent } from "../jobs/events";
import { getJobQueue } from "../jobs/queue";
import { logger } from "../logger";
import { stopPrompt } from "../sessions/stop-prompt";
import { fireAutomation, startRuns } from "./fire-automation";
import { endRun, retryAutomationRun } from "./run-automation";
import { nextRuns } from "./schedule";

/** Schedules fired per tick; the rest are due on the next. */
const MAX_FIRED_PER_TICK = 25;
/** A run still `starting` this long after its firing had its job lost: it is queued again. */
const REQUEUE_STARTING_AFTER_MS = 2 * 60_000;
/** ...and failed once it has waited this long. */
const GIVE_UP_STARTING_AFTER_MS = 30 * 60_000;
export const RUN_TIME_LIMIT_MINUTES = 90;

export type TickResult = { fired: number; skipped: number; requeued: number; retried: number; timedOut: number };

export async function tickAutomations(db: DbClient = getDb(), now: Date = new Date()): Promise<TickResult> {
  const result: TickResult = { fired: 0, skipped: 0, requeued: 0, retried: 0, timedOut: 0 };
  await fireDueSchedules(db, now, result);
  await sweepStartingRuns(db, now, result);
  await retryDueRuns(db, now, result);
  await timeOutLongRuns(db, now, result);
  await recountEndedFirings(db, now);
  return result;
}

/**
 * Each due schedule fires for its occurrence and moves on to its next one after now: runs missed
 * while the server was down fire once, not once per missed occurrence.
 */
async function fireDueSchedules(db: DbClient, now: Date, result: TickResult): Promise<void> {
  const due = await db.automation.findMany({
    where: { enabled: true, trigger: "schedule", nextRunAt: { lte: now } },
    orderBy: { nextRunAt: "asc" },
    take: MAX_FIRED_PER_TICK,
    select: { id: true, cron: true, timeZone: true, nextRunAt: true },
  });
  for (const automation of due) {
    const occurrence = automation.nextRunAt!;
    try {
      const fired = await fireAutomation(
        {
          automationId: automation.id,
          source: "schedule",
          scheduledFor: occurrence,
          detail: { scheduledFor: occurrence.toISOString() },
        },
        db,
      );
      if (fired.status === "fired") result.fired += 1;
      if (fired.status === "skipped") result.skipped += 1;
    } catch (error) {
      logger.error("automation schedule could not fire; the next tick tries again", {
        automationId: automation.id,
        error,
      });
      continue;
    }
    const next = automation.cron ? (nextRuns(automation.cron, automation.timeZone, now)[0] ?? null) : null;
    // Only from the occurrence just fired: a concurrent tick, or a person's edit, moved it already.
    await db.automation.updateMany({ where: { id: automation.id, nextRunAt: occurrence }, data: { nextRunAt: next } });
  }
}

async function sweepStartingRuns(db: DbClient, now: Date, result: TickResult): Promise<void> {
  const stale = await db.automationRun.findMany({
    where: { status: "starting", createdAt: { lte: new Date(now.getTime() - REQUEUE_STARTING_AFTER_MS) } },
    take: 50,
    select: { id: true, createdAt: true },
  });
  for (const run of stale) {
    if (now.getTime() - run.createdAt.getTime() > GIVE_UP_STARTING_AFTER_MS) {
      await endRun(run.id, "failed", "its session could not be opened in 30 minutes", db);
      continue;
    }
    await startRuns([run.id]);
    result.requeued += 1;
  }
}

async function retryDueRuns(db: DbClient, now: Date, result: TickResult): Promise<void> {
  const due = await db.automationRun.findMany({
    where: { status: "retrying", retryAt: { lte: now } },
    take: 50,
    select: { id: true },
  });
  for (const run of due) {
    await retryAutomationRun(run.id, db).catch((error: unknown) =>
      logger.warn("automation run retry failed; the next tick tries again", { runId: run.id, error }),
    );
    result.retried += 1;
  }
}

/** Runs longer than the limit are stopped, and fail saying so. */
async function timeOutLongRuns(db: DbClient, now: Date, result: TickResult): Promise<void> {
  const limit = new Date(now.getTime() - RUN_TIME_LIMIT_MINUTES * 60_000);
  const late = await db.automationRun.findMany({
    where: { status: "running", startedAt: { lte: limit } },
    take: 50,
    select: { id: true, sessionId: true, automation: { select: { ownerId: true } } },
  });
  const reason = `timed out after ${RUN_TIME_LIMIT_MINUTES} minutes`;
  for (const run of late) {
    await endRun(run.id, "failed", reason, db);
    result.timedOut += 1;
    if (!run.sessionId) continue;
    await stopPrompt(
      { sessionId: run.sessionId, actor: await loadActor(run.automation.ownerId, db), reason },
      db,
    ).catch((error: unknown) => logger.info("timed-out automation run: nothing to stop", { runId: run.id, error }));
  }
}

/** Firings that ended but whose job to count them was not queued. */
async function recountEndedFirings(db: DbClient, now: Date): Promise<void> {
  const uncounted = await db.automationFiring.findMany({
    where: {
      status: { in: ["completed", "failed", "partial_failed"] },
      countedAt: null,
      finishedAt: { lte: new Date(now.getTime() - 60_000) },
    },
    take: 50,
    select: { id: true },
  });
  for (const firing of uncounted) await getJobQueue().send(automationFiringEndedEvent, { firingId: firing.id });
}
