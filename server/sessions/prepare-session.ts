// Warming on the new-session page: the first keystroke of a first prompt, once a repository is
// chosen, prepares a session whose sandbox starts at once (from the repository's image, or a fresh
// boot), so the prompt finds it booted when the form is sent (createSession's preparedSessionId).
// A prepared session is hidden from every list. A person has at most one: preparing another
// (another repository or branch) discards the earlier, and one not sent within
// PREPARED_SESSION_MS is discarded by the idle sweep — its sandbox stopped, the session deleted.
// docs/sessions.md#warming.
import type { Actor } from "../access/actor";
import { type DbClient, getDb, inTransaction } from "../db";
import { type Env, getEnv } from "../env";
import { warmSandboxEvent } from "../jobs/events";
import { getJobQueue } from "../jobs/queue";
import { logger } from "../logger";
import { stopQuietly } from "../sandboxes/fail-sandbox";
import { LIVE_SANDBOX_STATUSES } from "../sandboxes/sandbox-status";
import { repositorySettings } from "../repositories/repository-settings";
import { createSession } from "./create-session";
import { lockSession } from "./lock-session";

/** How long a prepared session waits for its form to be sent. */
export const PREPARED_SESSION_MS = 10 * 60_000;

export async function prepareSession(
  options: { repositoryId: string; baseBranch?: string; actor: Actor },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<{ preparedSessionId: string }> {
  const preparedUntil = new Date(Date.now() + PREPARED_SESSION_MS);
  const earlier = await db.session.findMany({
    where: { createdById: options.actor.id, preparedUntil: { not: null } },
    select: { id: true, repositoryId: true, baseBranch: true },
  });
  const baseBranch = options.baseBranch ?? (await defaultBaseBranch(options.repositoryId, db));
  const same = earlier.find(
    (session) => session.repositoryId === options.repositoryId && session.baseBranch === baseBranch,
  );
  for (const other of earlier) if (other !== same) await discardPreparedSession(other.id, db);

  let sessionId = same?.id;
  if (sessionId) {
    await db.session.updateMany({ where: { id: sessionId, preparedUntil: { not: null } }, data: { preparedUntil } });
  } else {
    // Preparing needs what sending the prompt needs: write access (createSession checks it).
    const session = await createSession(
      { repositoryId: options.repositoryId, baseBranch, actor: options.actor, preparedUntil },
      db,
      env,
    );
    sessionId = session.id;
  }
  await getJobQueue().send(warmSandboxEvent, { sessionId });
  return { preparedSessionId: sessionId };
}

/** The branch a session on the repository starts from when it names none (as createSession picks it). */
async function defaultBaseBranch(repositoryId: string, db: DbClient): Promise<string | undefined> {
  const [settings, repository] = await Promise.all([
    repositorySettings(repositoryId, db),
    db.repository.findUnique({ where: { id: repositoryId }, select: { defaultBranch: true } }),
  ]);
  return settings.defaultBaseBranch ?? repository?.defaultBranch;
}

/** Prepared sessions whose time passed: their sandboxes stopped, the sessions deleted. */
export async function discardExpiredPreparedSessions(
  now: Date = new Date(),
  db: DbClient = getDb(),
): Promise<string[]> {
  const expired = await db.session.findMany({ where: { preparedUntil: { lt: now } }, select: { id: true } });
  const discarded: string[] = [];
  for (const session of expired) if (await discardPreparedSession(session.id, db, now)) discarded.push(session.id);
  return discarded;
}

/**
 * Deletes a session that is still only prepared (when `expiredBy` is given, only if its time
 * passed by then), stopping its sandbox; false when it was opened meanwhile.
 */
export async function discardPreparedSession(sessionId: string, db: DbClient = getDb(), expiredBy?: Date) {
  const sandboxes = await inTransaction(db, async (tx) => {
    const locked = await lockSession(tx, sessionId).catch(() => null);
    if (!locked) return null;
    const still = await tx.session.count({
      where: { id: sessionId, preparedUntil: expiredBy ? { lt: expiredBy } : { not: null } },
    });
    if (still === 0) return null;
    const live = await tx.sandbox.findMany({
      where: { sessionId, status: { in: [...LIVE_SANDBOX_STATUSES] } },
      select: { provider: true, providerId: true },
    });
    await tx.session.delete({ where: { id: sessionId } });
    return live;
  });
  if (!sandboxes) return false;
  for (const sandbox of sandboxes) await stopQuietly(sandbox);
  logger.info("discarded a prepared session", { sessionId });
  return true;
}
