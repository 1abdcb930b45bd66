import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { type DbClient, type DbTransaction, getDb } from "../db";
import { AppError } from "../errors";
import { appendEventsInTransaction, inTransactionPublishing } from "../events/append-events";
import { addSandboxCommand } from "../sandboxes/commands";
import { finishPrompt } from "./finish-prompt";
import { LIVE_SANDBOX_STATUSES } from "../sandboxes/sandbox-status";
import { lockSession } from "./lock-session";
import { requestDispatch } from "./request-dispatch";
import { publishSessionChanged } from "../realtime/publisher";

/** `actor`: who stops it; anyone who may write to the session may. */
export type StopPromptOptions = {
  sessionId: string;
  actor: Actor;
  /** Why, when it is not the actor's choice (an automation's run timed out); default "stopped by <name>". */
  reason?: string;
};
/** `stopping`: the sandbox was told to abort and will end the prompt; `stopped`: ended here. */
export type StopPromptResult = { messageId: string; state: "stopping" | "stopped" };

/** Stops the session's running prompt; it ends failed with "stopped by <name>". */
export async function stopPrompt(options: StopPromptOptions, db: DbClient = getDb()): Promise<StopPromptResult> {
  await authorizeSession({ sessionId: options.sessionId, actor: options.actor, need: "write" }, db);
  const result = await inTransactionPublishing(db, (tx) => stopInTransaction(options, tx));
  if (result.state === "stopped") await requestDispatch(options.sessionId);
  await publishSessionChanged(options.sessionId);
  return result;
}

async function stopInTransaction(options: StopPromptOptions, tx: DbTransaction): Promise<StopPromptResult> {
  await lockSession(tx, options.sessionId);
  const running = await tx.message.findFirst({
    where: { sessionId: options.sessionId, status: "processing" },
    select: { id: true },
  });
  if (!running) throw new AppError("PRECONDITION_FAILED", "Nothing is running in this session.");
  const stopper = await tx.user.findUnique({ where: { id: options.actor.id }, select: { name: true, email: true } });
  const reason = options.reason ?? `stopped by ${stopper?.name ?? stopper?.email ?? "someone"}`;

  const sandbox = await tx.sandbox.findFirst({
    where: { sessionId: options.sessionId, status: { in: [...LIVE_SANDBOX_STATUSES] } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (sandbox) {
    await addSandboxCommand(tx, sandbox.id, { type: "stop", payload: { messageId: running.id, reason } });
    return { messageId: running.id, state: "stopping" };
  }
  // No sandbox is working on it (it was lost or never started): end it here.
  await finishPrompt(tx, { messageId: running.id, status: "failed", error: reason });
  await appendEventsInTransaction(tx, {
    sessionId: options.sessionId,
    events: [{ type: "execution_complete", data: { success: false, reason }, messageId: running.id }],
  });
  return { messageId: running.id, state: "stopped" };
}
