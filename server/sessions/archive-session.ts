import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { type DbClient, type DbTransaction, getDb, inTransaction } from "../db";
import { AppError } from "../errors";
import { lockSession } from "./lock-session";
import { type SessionSummary, sessionSelect, toSessionSummary } from "./session-select";
import { publishSessionChanged } from "../realtime/publisher";

/** `actor`: anyone who may write to the session (archiving is steering it). */
export type ArchiveSessionOptions = { sessionId: string; actor: Actor };

/** Archives a session: its waiting prompts are cancelled; refused while a prompt runs. */
export async function archiveSession(options: ArchiveSessionOptions, db: DbClient = getDb()): Promise<SessionSummary> {
  await authorizeSession({ sessionId: options.sessionId, actor: options.actor, need: "write" }, db);
  const archive = async (tx: DbTransaction) => {
    const session = await lockSession(tx, options.sessionId);
    if (session.status !== "archived") {
      const running = await tx.message.count({ where: { sessionId: options.sessionId, status: "processing" } });
      if (running > 0)
        throw new AppError("PRECONDITION_FAILED", "A prompt is running in this session: stop it before archiving.");
      await tx.message.updateMany({
        where: { sessionId: options.sessionId, status: "pending" },
        data: { status: "cancelled", finishedAt: new Date(), error: "cancelled when the session was archived" },
      });
      await tx.session.update({
        where: { id: options.sessionId },
        data: { status: "archived", statusBeforeArchive: session.status },
      });
    }
    return toSessionSummary(
      await tx.session.findUniqueOrThrow({ where: { id: options.sessionId }, select: sessionSelect }),
    );
  };
  const session = await inTransaction(db, archive);
  await publishSessionChanged(options.sessionId);
  return session;
}

/** Brings an archived session back, in the state it was archived in. */
export async function restoreSession(options: ArchiveSessionOptions, db: DbClient = getDb()): Promise<SessionSummary> {
  await authorizeSession({ sessionId: options.sessionId, actor: options.actor, need: "write" }, db);
  const restore = async (tx: DbTransaction) => {
    const session = await lockSession(tx, options.sessionId);
    if (session.status === "archived") {
      const previous = await tx.session.findUniqueOrThrow({
        where: { id: options.sessionId },
        select: { statusBeforeArchive: true },
      });
      await tx.session.update({
        where: { id: options.sessionId },
        data: { status: previous.statusBeforeArchive ?? "completed", statusBeforeArchive: null },
      });
    }
    return toSessionSummary(
      await tx.session.findUniqueOrThrow({ where: { id: options.sessionId }, select: sessionSelect }),
    );
  };
  const session = await inTransaction(db, restore);
  await publishSessionChanged(options.sessionId);
  return session;
}
