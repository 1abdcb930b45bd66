import { type DbClient, getDb } from "../db";

/**
 * Whoever opens a session becomes one of its participants (a member; its creator is its owner),
 * and their last visit is recorded. Opening it again only updates that time.
 */
export async function joinSession(
  options: { sessionId: string; userId: string },
  db: DbClient = getDb(),
): Promise<void> {
  await db.sessionParticipant.upsert({
    where: { sessionId_userId: { sessionId: options.sessionId, userId: options.userId } },
    create: { sessionId: options.sessionId, userId: options.userId, role: "member" },
    update: { lastSeenAt: new Date() },
  });
}
