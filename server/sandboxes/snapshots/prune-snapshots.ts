// What is kept of snapshots: a session's newest three, and on the local provider no more than
// NIGHTSHIFT_SNAPSHOT_DISK_GB in all — over that, the oldest go first, every session's newest
// last. A pruned snapshot's row stays (status deleted) as the record of what was saved when.
// docs/sessions.md#snapshots.
import type { DbClient } from "../../db";
import { type Env, getEnv } from "../../env";
import { logger } from "../../logger";
import type { SandboxProvider } from "../provider";

export const SNAPSHOTS_KEPT_PER_SESSION = 3;

export async function pruneSnapshots(
  sessionId: string,
  deps: { db: DbClient; provider: SandboxProvider; env?: Env },
): Promise<number> {
  const { db, provider } = deps;
  const ready = await db.sandboxSnapshot.findMany({
    where: { sessionId, provider: provider.name, status: "ready" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, providerSnapshotId: true },
  });
  const surplus = ready.slice(SNAPSHOTS_KEPT_PER_SESSION);
  let pruned = 0;
  for (const snapshot of surplus) pruned += (await deleteSnapshot({ ...snapshot, sessionId }, deps)) === null ? 0 : 1;
  if (provider.name === "local") pruned += await keepUnderDiskCap(deps);
  return pruned;
}

/** Deletes the oldest local snapshots while all of them take more than the cap. */
async function keepUnderDiskCap(deps: { db: DbClient; provider: SandboxProvider; env?: Env }): Promise<number> {
  const env = deps.env ?? getEnv();
  const cap = BigInt(env.sandboxes.snapshotDiskBytes);
  const ready = await deps.db.sandboxSnapshot.findMany({
    where: { provider: deps.provider.name, status: "ready" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, sessionId: true, providerSnapshotId: true, sizeBytes: true },
  });
  let total = ready.reduce((sum, snapshot) => sum + snapshot.sizeBytes, 0n);
  if (total <= cap) return 0;
  const newestOfSession = new Map(ready.map((snapshot) => [snapshot.sessionId, snapshot.id]));
  // Older snapshots before any session's newest; within each, the oldest first.
  const order = [
    ...ready.filter((snapshot) => newestOfSession.get(snapshot.sessionId) !== snapshot.id),
    ...ready.filter((snapshot) => newestOfSession.get(snapshot.sessionId) === snapshot.id),
  ];
  let pruned = 0;
  for (const snapshot of order) {
    if (total <= cap) break;
    const freed = await deleteSnapshot(snapshot, deps);
    pruned += freed === null ? 0 : 1;
    total -= freed ?? 0n;
  }
  logger.info("snapshots over the disk cap were pruned", { pruned, capBytes: cap.toString() });
  return pruned;
}

/**
 * Deletes a snapshot; returns the bytes that freed, or null when it was already on its way out.
 * What it shared with the session's next snapshot stays on disk, so it is counted there from now
 * on: the ready snapshots' sizes always add up to what they take.
 */
async function deleteSnapshot(
  snapshot: { id: string; sessionId: string; providerSnapshotId: string },
  deps: { db: DbClient; provider: SandboxProvider },
): Promise<bigint | null> {
  // The row first: a snapshot is never restored once it is on its way out.
  const row = await deps.db.sandboxSnapshot
    .update({
      where: { id: snapshot.id, status: "ready" },
      data: { status: "deleted" },
      select: { sizeBytes: true, createdAt: true },
    })
    .catch(() => null);
  if (!row) return null;
  let freed = row.sizeBytes;
  try {
    freed = BigInt((await deps.provider.deleteSnapshot(snapshot.providerSnapshotId)).freedBytes ?? row.sizeBytes);
  } catch (error) {
    logger.warn("could not delete a snapshot's files", { snapshotId: snapshot.id, error });
  }
  const stillHeld = row.sizeBytes > freed ? row.sizeBytes - freed : 0n;
  if (stillHeld > 0n) {
    const next = await deps.db.sandboxSnapshot.findFirst({
      where: {
        sessionId: snapshot.sessionId,
        provider: deps.provider.name,
        status: "ready",
        createdAt: { gt: row.createdAt },
      },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
    if (next)
      await deps.db.sandboxSnapshot.update({ where: { id: next.id }, data: { sizeBytes: { increment: stillHeld } } });
  }
  return freed;
}
