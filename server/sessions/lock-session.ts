import type { DbTransaction } from "../db";
import { AppError } from "../errors";
import type { SessionStatus } from "../generated/prisma/client";

/**
 * Locks a session's row for the rest of the transaction, so changes to its queue happen one
 * at a time (a limit checked here cannot be overrun by a concurrent request).
 */
export async function lockSession(
  tx: DbTransaction,
  sessionId: string,
): Promise<{ id: string; status: SessionStatus }> {
  const rows = await tx.$queryRaw<Array<{ id: string; status: SessionStatus }>>`
    SELECT id, status::text AS status FROM sessions WHERE id = ${sessionId} FOR UPDATE`;
  const session = rows[0];
  if (!session) throw new AppError("NOT_FOUND", "That session does not exist.");
  return session;
}
