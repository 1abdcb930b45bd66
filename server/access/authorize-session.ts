// A session's doors open as its repository's do: whoever may read the repository may see the
// session (its timeline, its files, who is there), and whoever may write to it may prompt, stop,
// archive and restore it. docs/access.md.
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { type HostedRepository, hostedRepositorySelect } from "../git/code-host";
import type { Actor } from "./actor";
import { assertRepositoryAccess, type Need } from "./repository-access";

export type AuthorizedSession = { id: string; createdById: string; repository: HostedRepository };

export async function authorizeSession(
  options: { sessionId: string; actor: Actor; need: Need },
  db: DbClient = getDb(),
): Promise<AuthorizedSession> {
  const session = await db.session.findUnique({
    where: { id: options.sessionId },
    select: { id: true, createdById: true, repository: { select: hostedRepositorySelect } },
  });
  if (!session) throw new AppError("NOT_FOUND", "That session does not exist.");
  await assertRepositoryAccess(options.actor, session.repository, options.need);
  return session;
}
