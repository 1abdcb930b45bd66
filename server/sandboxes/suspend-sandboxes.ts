// Suspended sandboxes (docs/sessions.md#suspended-sandboxes): a sandbox idle for 10 minutes is
// held still, its processes kept in memory, when its provider can (the local one), instead of
// stopped. The next prompt — or someone typing — resumes it where it was in a fraction of a
// second: no restore, no OpenCode start. It is still the session's one live sandbox. A few are
// kept (NIGHTSHIFT_SUSPENDED_SANDBOXES), none for more than an hour; the others are stopped, and
// their session's next sandbox restores the snapshot taken before they were suspended.
import { type DbClient, type DbTransaction, getDb } from "../db";
import { appendEventsInTransaction, inTransactionPublishing } from "../events/append-events";
import { logger } from "../logger";
import { lockSession } from "../sessions/lock-session";
import { stopQuietly } from "./fail-sandbox";
import type { SandboxProvider } from "./provider";
import { IDLE_TIMEOUT_MS, SUSPENDED_TIMEOUT_MS } from "./sandbox-status";

type SandboxRow = { id: string; sessionId: string; provider: string | null; providerId: string | null };

/**
 * Suspends an idle sandbox, the caller holding its session's lock; false when it cannot be (its
 * provider has no suspension, or it failed): the caller stops it instead.
 */
export async function suspendInTransaction(
  tx: DbTransaction,
  sandbox: SandboxRow,
  provider: SandboxProvider,
): Promise<boolean> {
  if (!provider.suspend || !sandbox.providerId || sandbox.provider !== provider.name) return false;
  try {
    await provider.suspend(sandbox.providerId);
  } catch (error) {
    logger.warn("could not suspend an idle sandbox; stopping it", { sandboxId: sandbox.id, error });
    return false;
  }
  await tx.sandbox.update({ where: { id: sandbox.id }, data: { status: "suspended", suspendedAt: new Date() } });
  await appendEventsInTransaction(tx, {
    sessionId: sandbox.sessionId,
    events: [
      {
        type: "sandbox_status",
        data: {
          status: "suspended",
          reason: `idle for ${IDLE_TIMEOUT_MS / 60_000} minutes; it resumes where it was at the next prompt`,
        },
      },
    ],
  });
  return true;
}

/**
 * Resumes the session's suspended sandbox, the caller holding the session's lock: true when it
 * runs again (and is `ready`); false when it could not be resumed (its processes are gone, as
 * after a restart of this server) — it is stopped then, and the caller starts the session's next
 * sandbox, restored from its snapshot.
 */
export async function resumeInTransaction(
  tx: DbTransaction,
  sandbox: SandboxRow,
  provider: SandboxProvider,
): Promise<boolean> {
  let resumed = false;
  if (provider.resume && sandbox.providerId && sandbox.provider === provider.name) {
    resumed = await provider.resume(sandbox.providerId).catch((error: unknown) => {
      logger.warn("could not resume a suspended sandbox", { sandboxId: sandbox.id, error });
      return false;
    });
  }
  const now = new Date();
  if (resumed) {
    // Its heartbeats start again now; it is not held to the time it spent suspended.
    await tx.sandbox.update({
      where: { id: sandbox.id },
      data: { status: "ready", suspendedAt: null, lastHeartbeatAt: now, lastActivityAt: now },
    });
    await appendEventsInTransaction(tx, {
      sessionId: sandbox.sessionId,
      events: [{ type: "sandbox_status", data: { status: "ready", resumed: true } }],
    });
    return true;
  }
  await stopSuspendedInTransaction(tx, sandbox, "its processes were gone, as after a restart of the server", now);
  await stopQuietly(sandbox);
  return false;
}

/**
 * Stops suspended sandboxes beyond `limit` (the longest suspended first) and those suspended for
 * an hour. Returns their ids.
 */
export async function stopSuspendedSandboxes(
  limit: number,
  now: Date = new Date(),
  db: DbClient = getDb(),
): Promise<string[]> {
  const suspended = await db.sandbox.findMany({
    where: { status: "suspended" },
    orderBy: [{ suspendedAt: "desc" }, { id: "asc" }],
    select: { id: true, sessionId: true, provider: true, providerId: true, suspendedAt: true },
  });
  const longAgo = new Date(now.getTime() - SUSPENDED_TIMEOUT_MS);
  const stopped: string[] = [];
  for (const [index, sandbox] of suspended.entries()) {
    const reason =
      sandbox.suspendedAt && sandbox.suspendedAt < longAgo
        ? `suspended for ${SUSPENDED_TIMEOUT_MS / 60_000} minutes; its snapshot holds its state`
        : index >= limit
          ? `room was needed for sandboxes suspended since (${limit} at most); its snapshot holds its state`
          : null;
    if (!reason) continue;
    const isStopped = await inTransactionPublishing(db, async (tx) => {
      await lockSession(tx, sandbox.sessionId);
      return stopSuspendedInTransaction(tx, sandbox, reason, now);
    });
    if (!isStopped) continue;
    await stopQuietly(sandbox);
    logger.info("stopped a suspended sandbox", { sandboxId: sandbox.id, reason });
    stopped.push(sandbox.id);
  }
  return stopped;
}

/** Marks a suspended sandbox stopped, with the timeline saying why; false when it was not suspended. */
async function stopSuspendedInTransaction(
  tx: DbTransaction,
  sandbox: SandboxRow,
  reason: string,
  now: Date,
): Promise<boolean> {
  const { count } = await tx.sandbox.updateMany({
    where: { id: sandbox.id, status: "suspended" },
    data: { status: "stopped", stoppedAt: now },
  });
  if (count === 0) return false;
  await appendEventsInTransaction(tx, {
    sessionId: sandbox.sessionId,
    events: [{ type: "sandbox_status", data: { status: "stopped", reason } }],
  });
  return true;
}
