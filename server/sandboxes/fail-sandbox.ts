import { type DbClient, type DbTransaction, getDb } from "../db";
import { appendEventsInTransaction, type NewEvent, inTransactionPublishing } from "../events/append-events";
import { logger } from "../logger";
import { finishPrompt } from "../sessions/finish-prompt";
import { lockSession } from "../sessions/lock-session";
import { requestDispatch } from "../sessions/request-dispatch";
import { stopWithProvider } from "./get-provider";
import { isLive } from "./sandbox-status";
import { savedWorkNote } from "./snapshots/checkpoints";

export type FailSandboxOptions = {
  sandboxId: string;
  /** What went wrong, for the sandbox and the timeline. */
  error: string;
  /** The error its running prompt ends with. */
  promptError: string;
  /** Only if it has been silent since then (a heartbeat may have arrived meanwhile). */
  silentSince?: Date;
};

/**
 * Marks a live sandbox failed, fails the prompt it was running, and records both in the
 * timeline. The caller holds the session's row lock. Returns false when the sandbox was not live.
 */
export async function failSandboxInTransaction(tx: DbTransaction, options: FailSandboxOptions): Promise<boolean> {
  const sandbox = await tx.sandbox.findUniqueOrThrow({
    where: { id: options.sandboxId },
    select: { sessionId: true, status: true, lastHeartbeatAt: true, createdAt: true },
  });
  if (!isLive(sandbox.status)) return false;
  if (options.silentSince && (sandbox.lastHeartbeatAt ?? sandbox.createdAt) >= options.silentSince) return false;
  await tx.sandbox.update({
    where: { id: options.sandboxId },
    data: { status: "failed", error: options.error, stoppedAt: new Date() },
  });
  const running = await tx.message.findFirst({
    where: { sandboxId: options.sandboxId, status: "processing" },
    select: { id: true },
  });
  // A prompt was running: the person is told what of its work is kept.
  const message = running
    ? `${options.error} ${await savedWorkNote(tx, sandbox.sessionId, options.sandboxId)}`
    : options.error;
  const events: NewEvent[] = [{ type: "error", data: { message }, messageId: running?.id ?? null }];
  if (running && (await finishPrompt(tx, { messageId: running.id, status: "failed", error: options.promptError }))) {
    events.push({
      type: "execution_complete",
      data: { success: false, reason: options.promptError },
      messageId: running.id,
    });
  }
  await appendEventsInTransaction(tx, { sessionId: sandbox.sessionId, events });
  return true;
}

/** The same in its own transaction; then stops what is left of the sandbox and starts the next prompt. */
export async function failSandbox(options: FailSandboxOptions, db: DbClient = getDb()): Promise<void> {
  const { sessionId, ...started } = await db.sandbox.findUniqueOrThrow({
    where: { id: options.sandboxId },
    select: { sessionId: true, provider: true, providerId: true },
  });
  const failed = await inTransactionPublishing(db, async (tx) => {
    await lockSession(tx, sessionId);
    return failSandboxInTransaction(tx, options);
  });
  if (!failed) return;
  logger.warn("sandbox failed", { sandboxId: options.sandboxId, sessionId, error: options.error });
  await stopQuietly(started);
  await requestDispatch(sessionId);
}

/** Stops what is left of a sandbox through the provider that started it; a failure is logged. */
export async function stopQuietly(sandbox: { provider: string | null; providerId: string | null }): Promise<void> {
  try {
    await stopWithProvider(sandbox);
  } catch (error) {
    logger.warn("could not stop a sandbox", { ...sandbox, error });
  }
}
