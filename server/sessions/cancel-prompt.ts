import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { publishSessionChanged } from "../realtime/publisher";
import { mayCancelPrompt } from "./cancel-rule";
import { type MessageView, messageSelect } from "./session-select";

export type CancelPromptOptions = { sessionId: string; messageId: string; actor: Actor };

/** Takes a waiting prompt out of the queue; it will never run. Who may: ./cancel-rule.ts (and write access). */
export async function cancelPrompt(options: CancelPromptOptions, db: DbClient = getDb()): Promise<MessageView> {
  const session = await authorizeSession({ sessionId: options.sessionId, actor: options.actor, need: "write" }, db);
  const found = await db.message.findFirst({
    where: { id: options.messageId, sessionId: options.sessionId },
    select: { author: { select: { id: true, name: true, email: true } } },
  });
  if (!found) throw new AppError("NOT_FOUND", "That prompt does not exist in this session.");
  if (!mayCancelPrompt(options.actor, { authorId: found.author.id }, { ownerId: session.createdById })) {
    const author = found.author.name ?? found.author.email ?? "its author";
    throw new AppError(
      "FORBIDDEN",
      `Only ${author}, who sent this prompt, or the session's owner can cancel it while it waits.`,
    );
  }
  const { count } = await db.message.updateMany({
    where: { id: options.messageId, sessionId: options.sessionId, status: "pending" },
    data: { status: "cancelled", finishedAt: new Date() },
  });
  const message = await db.message.findFirstOrThrow({
    where: { id: options.messageId, sessionId: options.sessionId },
    select: messageSelect,
  });
  if (count === 0) {
    const state = message.status === "processing" ? "running: stop it instead" : `already ${message.status}`;
    throw new AppError("PRECONDITION_FAILED", `Only waiting prompts can be cancelled; this one is ${state}.`);
  }
  await publishSessionChanged(options.sessionId);
  return message;
}
