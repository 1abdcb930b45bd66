// Taking a sandbox's snapshot: after each prompt, before an idle stop, and (as a checkpoint) while
// a prompt runs. The provider saves the workspace and home; the control plane records it and
// prunes the session's older ones. A provider whose snapshot ends the sandbox (Vercel Sandbox) is
// asked only when the sandbox is to stop anyway, and its row is stopped in the same breath, so no
// prompt is ever sent to it. docs/sessions.md#snapshots.
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import type { SnapshotReason } from "../../generated/prisma/client";
import { logger } from "../../logger";
import { getSandboxProvider } from "../get-provider";
import type { SandboxProvider } from "../provider";
import { isLive } from "../sandbox-status";
import { inTransaction } from "../../db";
import { appendEventsInTransaction, inTransactionPublishing } from "../../events/append-events";
import { lockSession } from "../../sessions/lock-session";
import { requestDispatch } from "../../sessions/request-dispatch";
import { stopQuietly } from "../fail-sandbox";
import { pruneSnapshots } from "./prune-snapshots";
import { runtimeVersionOf } from "./runtime";

export type SnapshotDeps = { db?: DbClient; env?: Env; provider?: SandboxProvider };

/**
 * Saves the sandbox's state now. Returns the snapshot's id, or null when there is nothing to save
 * (the sandbox is not live or not this provider's) or saving failed — a failed snapshot is logged
 * and costs nothing but itself: the session's earlier snapshot still stands.
 */
export async function takeSnapshot(
  sandboxId: string,
  reason: SnapshotReason,
  deps: SnapshotDeps = {},
): Promise<string | null> {
  const db = deps.db ?? getDb();
  const provider = deps.provider ?? getSandboxProvider(deps.env ?? getEnv());
  const sandbox = await db.sandbox.findUnique({
    where: { id: sandboxId },
    select: { sessionId: true, status: true, provider: true, providerId: true },
  });
  if (!sandbox?.providerId || sandbox.provider !== provider.name || !isLive(sandbox.status)) return null;
  // A suspended sandbox was saved before it was suspended, and has done nothing since.
  if (sandbox.status === "suspended") return null;
  if (provider.snapshotEndsSandbox) {
    // Only a sandbox about to stop for idleness is saved, and it stops taking prompts first.
    if (reason !== "idle" || !(await claimForFinalSnapshot(sandboxId, sandbox.sessionId, db))) return null;
    try {
      return await save(sandbox as typeof sandbox & { providerId: string });
    } finally {
      await markEnded(sandboxId, sandbox.sessionId, db);
      await stopQuietly(sandbox);
      await requestDispatch(sandbox.sessionId);
    }
  }
  return save(sandbox as typeof sandbox & { providerId: string });

  async function save(sandbox: { sessionId: string; providerId: string }) {
    const previous = await db.sandboxSnapshot.findFirst({
      where: { sessionId: sandbox.sessionId, provider: provider.name, status: "ready" },
      orderBy: { createdAt: "desc" },
      select: { providerSnapshotId: true },
    });
    const started = Date.now();
    let taken;
    try {
      taken = await provider.snapshot(sandbox.providerId, { previous: previous?.providerSnapshotId ?? null });
    } catch (error) {
      logger.warn("could not take a snapshot", { sandboxId, reason, error });
      return null;
    }
    const snapshot = await db.sandboxSnapshot.create({
      data: {
        sessionId: sandbox.sessionId,
        sandboxId,
        provider: provider.name,
        providerSnapshotId: taken.providerSnapshotId,
        reason,
        runtimeVersion: runtimeVersionOf(provider.runtime),
        sizeBytes: BigInt(taken.sizeBytes),
        durationMs: Date.now() - started,
      },
      select: { id: true },
    });
    logger.info("snapshot saved", { sandboxId, reason, durationMs: Date.now() - started, bytes: taken.sizeBytes });
    await pruneSnapshots(sandbox.sessionId, { db, provider, env: deps.env }).catch((error: unknown) =>
      logger.warn("could not prune snapshots", { sessionId: sandbox.sessionId, error }),
    );
    return snapshot.id;
  }
}

/**
 * A sandbox whose snapshot will end it is `snapshotting` from now: dispatch sends it no prompt
 * (it waits, and is dispatched again once the snapshot is saved). False when a prompt came first.
 */
async function claimForFinalSnapshot(sandboxId: string, sessionId: string, db: DbClient): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    await lockSession(tx, sessionId);
    const busy = await tx.message.count({ where: { sessionId, status: { in: ["pending", "processing"] } } });
    if (busy > 0) return false;
    const { count } = await tx.sandbox.updateMany({
      where: { id: sandboxId, status: { in: ["ready", "stale"] } },
      data: { status: "snapshotting" },
    });
    return count > 0;
  });
}

/** The snapshot ended the sandbox (or failed trying): it is stopped, and the timeline says so. */
async function markEnded(sandboxId: string, sessionId: string, db: DbClient): Promise<void> {
  await inTransactionPublishing(db, async (tx) => {
    await lockSession(tx, sessionId);
    const { count } = await tx.sandbox.updateMany({
      where: { id: sandboxId, status: "snapshotting" },
      data: { status: "stopped", stoppedAt: new Date() },
    });
    if (count === 0) return;
    await appendEventsInTransaction(tx, {
      sessionId,
      events: [
        { type: "sandbox_status", data: { status: "stopped", reason: "idle; its state is saved in a snapshot" } },
      ],
    });
  });
}
