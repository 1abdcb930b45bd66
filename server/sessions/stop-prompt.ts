import { type DbClient, type DbTransaction, getDb, inTransaction } from "../db";
import { AppError } from "../errors";
import { lockSession } from "./lock-session";

export type StopPromptOptions = { sessionId: string; stoppedById: string };
/** `stopping`: the sandbox was told to abort and will end the prompt; `stopped`: ended here. */
export type StopPromptResult = { messageId: string; state: "stopping" | "stopped" };

const LIVE_SANDBOX = ["pending", "spawning", "syncing", "ready", "running"] as const;

/** Stops the session's running prompt; it ends failed with "stopped by <name>". */
export async function stopPrompt(options: StopPromptOptions, db: DbClient = getDb()): Promise<StopPromptResult> {
  return inTransaction(db, (tx) => stopInTransaction(options, tx));
}

async function stopInTransaction(options: StopPromptOptions, tx: DbTransaction): Promise<StopPromptResult> {
  await lockSession(tx, options.sessionId);
  const running = await tx.message.findFirst({ where: { sessionId: options.sessionId, status: "processing" }, select: { id: true } });
  if (!running) throw new AppError("PRECONDITION_FAILED", "Nothing is running in this session.");
  const stopper = await tx.user.findUnique({ where: { id: options.stoppedById }, select: { name: true, email: true } });
  const reason = `stopped by ${stopper?.name ?? stopper?.email ?? "someone"}`;

  const sandbox = await tx.sandbox.findFirst({
    where: { sessionId: options.sessionId, status: { in: [...LIVE_SANDBOX] } },
    orderBy: { createdAt: "desc" },
    select: { id: true, commands: { orderBy: { seq: "desc" }, take: 1, select: { seq: true } } },
  });
  if (sandbox) {
    await tx.sandboxCommand.create({
      data: { sandboxId: sandbox.id, seq: (sandbox.commands[0]?.seq ?? 0) + 1, type: "stop", payload: { messageId: running.id, reason } },
    });
    return { messageId: running.id, state: "stopping" };
  }
  // No sandbox is working on it (it was lost or never started): end it here.
  await tx.message.update({ where: { id: running.id }, data: { status: "failed", error: reason, finishedAt: new Date() } });
  return { messageId: running.id, state: "stopped" };
}
