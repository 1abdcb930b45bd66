import type { DbTransaction } from "../db";

export type FinishPromptOptions = { messageId: string; status: "completed" | "failed"; error?: string };

/**
 * Ends a running prompt, and the session's run with it when nothing else waits. Only a prompt
 * still `processing` changes, so a late or repeated report does nothing. The caller holds the
 * session's row lock. Returns whether the prompt was ended here.
 */
export async function finishPrompt(tx: DbTransaction, options: FinishPromptOptions): Promise<boolean> {
  const { count } = await tx.message.updateMany({
    where: { id: options.messageId, status: "processing" },
    data: { status: options.status, error: options.error ?? null, finishedAt: new Date() },
  });
  if (count === 0) return false;
  const { sessionId } = await tx.message.findUniqueOrThrow({
    where: { id: options.messageId },
    select: { sessionId: true },
  });
  const waiting = await tx.message.count({ where: { sessionId, status: "pending" } });
  if (waiting === 0) {
    await tx.session.updateMany({ where: { id: sessionId, status: "active" }, data: { status: options.status } });
  }
  return true;
}
