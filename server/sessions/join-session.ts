import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { type DbClient, getDb } from "../db";

/**
 * Whoever opens a session becomes one of its participants (a member; its creator is its owner),
 * and their last visit is recorded. Opening it again only updates that time. Reading the session
 * is enough.
 */
export async function joinSession(options: { sessionId: string; actor: Actor }, db: DbClient = getDb()): Promise<void> {
  await authorizeSession({ sessionId: options.sessionId, actor: options.actor, need: "read" }, db);
  await db.sessionParticipant.upsert({
    where: { sessionId_userId: { sessionId: options.sessionId, userId: options.actor.id } },
    create: { sessionId: options.sessionId, userId: options.actor.id, role: "member" },
    update: { lastSeenAt: new Date() },
  });
}
