import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { publishSessionChanged } from "../realtime/publisher";
import { type MessageView, messageSelect } from "./session-select";

export type CancelPromptOptions = { sessionId: string; messageId: string };

/** Takes a waiting prompt out of the queue; it will never run. */
export async function cancelPrompt(options: CancelPromptOptions, db: DbClient = getDb()): Promise<MessageView> {
  const { count } = await db.message.updateMany({
    where: { id: options.messageId, sessionId: options.sessionId, status: "pending" },
    data: { status: "cancelled", finishedAt: new Date() },
  });
  const message = await db.message.findFirst({
    where: { id: options.messageId, sessionId: options.sessionId },
    select: messageSelect,
  });
  if (!message) throw new AppError("NOT_FOUND", "That prompt does not exist in this session.");
  if (count === 0) {
    const state = message.status === "processing" ? "running: stop it instead" : `already ${message.status}`;
    throw new AppError("PRECONDITION_FAILED", `Only waiting prompts can be cancelled; this one is ${state}.`);
  }
  await publishSessionChanged(options.sessionId);
  return message;
}
