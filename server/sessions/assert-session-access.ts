import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";

export type SessionAccessOptions = { sessionId: string; userId: string };

/**
 * Whether a person may see and prompt a session. One organisation: every signed-in person may,
 * on every repository Nightshift has. When GitHub repositories arrive, their read and write
 * permissions are checked here.
 */
export async function assertSessionAccess(options: SessionAccessOptions, db: DbClient = getDb()): Promise<void> {
  const session = await db.session.findUnique({ where: { id: options.sessionId }, select: { id: true } });
  if (!session) throw new AppError("NOT_FOUND", "That session does not exist.");
}
