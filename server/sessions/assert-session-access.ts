import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { assertRepositoryAccess } from "../git/repository-access";

export type SessionAccessOptions = { sessionId: string; userId: string; need?: "read" | "write" };

/**
 * Whether a person may see (`read`, the default) or prompt and steer (`write`) a session: that
 * is what they may do on its repository (server/git/repository-access.ts).
 */
export async function assertSessionAccess(options: SessionAccessOptions, db: DbClient = getDb()): Promise<void> {
  const session = await db.session.findUnique({
    where: { id: options.sessionId },
    select: { repository: { select: { id: true, provider: true, owner: true, name: true } } },
  });
  if (!session) throw new AppError("NOT_FOUND", "That session does not exist.");
  await assertRepositoryAccess(options.userId, session.repository, options.need ?? "read", db);
}
