// One run of an automation: its session is opened as the automation's owner with the
// instructions (and the trigger's untrusted context) as the first prompt; when that prompt ends
// the run ends with it. A failure that was the platform's — the sandbox was lost or would not
// start, the model provider answered 5xx or not at all — is retried in the same session with
// backoff; the agent's own failure is not. docs/automations.md#runs.
import { loadActor } from "../access/actor";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import { automationFiringEndedEvent } from "../jobs/events";
import { getJobQueue } from "../jobs/queue";
import { createSession } from "../sessions/create-session";
import { enqueuePrompt } from "../sessions/enqueue-prompt";

/** Tries of one run, the first included, when the platform fails it. */
export const MAX_RUN_ATTEMPTS = 3;
/** Minutes before the second and third tries. */
export const RETRY_BACKOFF_MINUTES = [1, 5] as const;

/** Failures the platform caused, as the sandbox layer words them. */
const PLATFORM_FAILURES = [/^sandbox lost/, /^sandbox failed/, /^the sandbox's bridge restarted/];

/** The instructions, then the trigger's context (already marked untrusted), as the agent reads them. */
export function automationPrompt(instructions: string, context: string | null): string {
  return context ? `${instructions.trim()}\n\n${context}` : instructions.trim();
}

/**
 * Opens the run's session and queues its prompt; idempotent (the session is found again by the
 * prompt's client request id). A refusal the owner can fix — no write access any more, a model
 * or branch that is gone — fails the run, saying why; anything else is thrown for a retry.
 */
export async function startAutomationRun(runId: string, db: DbClient = getDb(), env: Env = getEnv()): Promise<void> {
  const run = await db.automationRun.findUniqueOrThrow({
    where: { id: runId },
    select: {
      status: true,
      repositoryId: true,
      firing: { select: { id: true, context: true } },
      automation: {
        select: {
          name: true,
          instructions: true,
          ownerId: true,
          model: true,
          reasoningEffort: true,
          targets: { select: { repositoryId: true, branch: true } },
        },
      },
    },
  });
  if (run.status !== "starting") return;
  const { automation } = run;
  const branch = automation.targets.find((t) => t.repositoryId === run.repositoryId)?.branch ?? undefined;
  const clientRequestId = `automation-run-${runId}`;
  try {
    const session = await createSession(
      {
        repositoryId: run.repositoryId,
        actor: await loadActor(automation.ownerId, db, env),
        title: automation.name,
        ...(branch ? { baseBranch: branch } : {}),
        ...(automation.model ? { model: automation.model } : {}),
        ...(automation.reasoningEffort ? { reasoningEffort: automation.reasoningEffort } : {}),
        prompt: {
          content: automationPrompt(automation.instructions, run.firing.context),
          clientRequestId,
          source: "automation",
        },
      },
      db,
      env,
    );
    const message = await db.message.findUniqueOrThrow({
      where: { sessionId_clientRequestId: { sessionId: session.id, clientRequestId } },
      select: { id: true },
    });
    await db.automationRun.updateMany({
      where: { id: runId, status: "starting" },
      data: { status: "running", sessionId: session.id, messageId: message.id, startedAt: new Date() },
    });
    // The prompt may have ended already (refused at once, say) while the run was not yet marked
    // running, so the dispatch job's settling passed it by.
    await settleSessionRun(session.id, db);
  } catch (error) {
    if (!(error instanceof AppError) || error.code === "UNAVAILABLE" || error.code === "INTERNAL") throw error;
    await endRun(runId, "failed", `could not open the session: ${error.message}`, db);
  }
}

/**
 * A prompt of this session ended (the dispatch job calls this after each): its automation run
 * ends with it, or waits for a retry. Settling twice changes nothing.
 */
export async function settleSessionRun(sessionId: string, db: DbClient = getDb()): Promise<void> {
  const run = await db.automationRun.findUnique({
    where: { sessionId },
    select: { id: true, status: true, attempt: true, messageId: true },
  });
  if (!run || run.status !== "running" || !run.messageId) return;
  const message = await db.message.findUniqueOrThrow({
    where: { id: run.messageId },
    select: { status: true, error: true },
  });
  if (message.status === "pending" || message.status === "processing") return;
  if (message.status === "completed") return endRun(run.id, "completed", null, db);
  const reason =
    message.status === "cancelled" ? "the prompt was cancelled" : (message.error ?? "the agent run failed");
  if (run.attempt < MAX_RUN_ATTEMPTS && (await isPlatformFailure(run.messageId, message.error, db))) {
    const minutes = RETRY_BACKOFF_MINUTES[run.attempt - 1] ?? RETRY_BACKOFF_MINUTES.at(-1)!;
    await db.automationRun.updateMany({
      where: { id: run.id, status: "running" },
      data: { status: "retrying", retryAt: new Date(Date.now() + minutes * 60_000), failureReason: reason },
    });
    return;
  }
  return endRun(run.id, "failed", reason, db);
}

/** Queues the next try of a run whose retry is due, in the same session. */
export async function retryAutomationRun(runId: string, db: DbClient = getDb(), env: Env = getEnv()): Promise<void> {
  const run = await db.automationRun.findUniqueOrThrow({
    where: { id: runId },
    select: {
      status: true,
      attempt: true,
      sessionId: true,
      firing: { select: { context: true } },
      automation: { select: { instructions: true, ownerId: true } },
    },
  });
  if (run.status !== "retrying" || !run.sessionId) return;
  const attempt = run.attempt + 1;
  try {
    const { message } = await enqueuePrompt(
      {
        sessionId: run.sessionId,
        actor: await loadActor(run.automation.ownerId, db, env),
        source: "automation",
        content: automationPrompt(run.automation.instructions, run.firing.context),
        clientRequestId: `automation-run-${runId}-${attempt}`,
      },
      db,
      env,
    );
    await db.automationRun.updateMany({
      where: { id: runId, status: "retrying" },
      data: { status: "running", attempt, messageId: message.id, retryAt: null },
    });
    await settleSessionRun(run.sessionId, db);
  } catch (error) {
    if (!(error instanceof AppError) || error.code === "UNAVAILABLE" || error.code === "INTERNAL") throw error;
    await endRun(runId, "failed", `could not retry: ${error.message}`, db);
  }
}

/** Ends a run that has not ended; when it was its firing's last, the firing ends too. */
export async function endRun(
  runId: string,
  status: "completed" | "failed",
  reason: string | null,
  db: DbClient = getDb(),
): Promise<void> {
  const { count } = await db.automationRun.updateMany({
    where: { id: runId, status: { notIn: ["completed", "failed"] } },
    data: { status, failureReason: status === "failed" ? reason : null, finishedAt: new Date(), retryAt: null },
  });
  if (count === 0) return;
  const { firingId } = await db.automationRun.findUniqueOrThrow({ where: { id: runId }, select: { firingId: true } });
  await endFiringIfDone(firingId, db);
}

/** When every run of the firing has ended: its status, and the job that counts and reports it. */
export async function endFiringIfDone(firingId: string, db: DbClient = getDb()): Promise<void> {
  const runs = await db.automationRun.findMany({ where: { firingId }, select: { status: true } });
  if (runs.some((run) => run.status !== "completed" && run.status !== "failed")) return;
  const failed = runs.filter((run) => run.status === "failed").length;
  const status = failed === 0 ? "completed" : failed === runs.length ? "failed" : "partial_failed";
  const { count } = await db.automationFiring.updateMany({
    where: { id: firingId, status: "running" },
    data: { status, exclusive: false, finishedAt: new Date() },
  });
  if (count > 0) await getJobQueue().send(automationFiringEndedEvent, { firingId });
}

async function isPlatformFailure(messageId: string, error: string | null, db: DbClient): Promise<boolean> {
  if (error && PLATFORM_FAILURES.some((pattern) => pattern.test(error))) return true;
  // The model provider failed the last call: a 5xx, or no answer at all (0).
  const last = await db.modelCall.findFirst({
    where: { messageId },
    orderBy: { createdAt: "desc" },
    select: { status: true },
  });
  return last !== null && (last.status >= 500 || last.status === 0);
}
