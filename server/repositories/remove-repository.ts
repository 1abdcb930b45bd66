import type { Actor } from "../access/actor";
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { discardPreparedSession } from "../sessions/prepare-session";

export type RemoveRepositoryOptions = { id: string; actor: Actor };

/** Administrators may remove any repository; the person who added a local one may remove it. */
export function mayRemoveRepository(actor: Actor, repository: { addedById: string | null }): boolean {
  return actor.isAdmin || (repository.addedById !== null && repository.addedById === actor.id);
}

/**
 * Removes a repository from Nightshift; the repository itself on disk or on GitHub is untouched.
 * Refused while sessions exist on it: their history would lose its repository.
 */
export async function removeRepository(
  options: RemoveRepositoryOptions,
  db: DbClient = getDb(),
): Promise<{ id: string }> {
  const repository = await db.repository.findUnique({ where: { id: options.id }, select: { addedById: true } });
  if (!repository) throw new AppError("NOT_FOUND", "That repository does not exist; it may have been removed already.");
  if (!mayRemoveRepository(options.actor, repository)) {
    throw new AppError("FORBIDDEN", "Only an administrator, or the person who added it, can remove a repository.");
  }
  // Prepared sessions (someone was typing a first prompt) are not kept for it.
  const prepared = await db.session.findMany({
    where: { repositoryId: options.id, preparedUntil: { not: null } },
    select: { id: true },
  });
  for (const session of prepared) await discardPreparedSession(session.id, db);
  const sessions = await db.session.count({ where: { repositoryId: options.id } });
  if (sessions > 0) throw hasSessions(sessions);
  try {
    const { count } = await db.repository.deleteMany({ where: { id: options.id } });
    if (count === 0)
      throw new AppError("NOT_FOUND", "That repository does not exist; it may have been removed already.");
  } catch (error) {
    // A session was opened on it between the count and the delete.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") throw hasSessions(1);
    throw error;
  }
  return { id: options.id };
}

function hasSessions(count: number): AppError {
  return new AppError(
    "PRECONDITION_FAILED",
    `This repository has ${count} session${count === 1 ? "" : "s"}; it cannot be removed while they exist.`,
  );
}
