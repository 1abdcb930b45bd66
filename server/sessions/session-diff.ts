// What a session changed: its working branch against its base, as its code host shows it
// (server/git/code-host.ts). Reading the session is enough to see it.
import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { type DbClient, getDb } from "../db";
import { codeHostFor, type SessionDiff } from "../git/code-host";

export type { ChangedFile, SessionDiff } from "../git/code-host";

export async function sessionDiff(
  options: { sessionId: string; actor: Actor },
  db: DbClient = getDb(),
): Promise<SessionDiff> {
  const { repository } = await authorizeSession(
    { sessionId: options.sessionId, actor: options.actor, need: "read" },
    db,
  );
  const { branch, baseBranch } = await db.session.findUniqueOrThrow({
    where: { id: options.sessionId },
    select: { branch: true, baseBranch: true },
  });
  return codeHostFor(repository).diff(repository, { base: baseBranch, branch });
}
