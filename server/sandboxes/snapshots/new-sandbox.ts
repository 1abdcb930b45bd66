// A session's next sandbox, created pending by dispatch or warming: it restores the session's
// newest snapshot when this runtime can (boot mode snapshot_restore); else, for a session on the
// repository's default branch, starts from the repository's newest image (repo_image); else
// boots fresh.
// A snapshot made by a runtime this one cannot restore is retired on the way, with the reason.
import type { DbTransaction } from "../../db";
import type { SandboxProvider } from "../provider";
import { currentImage } from "../images/repository-images";
import { runtimeVersionOf, whyNotRestorable } from "./runtime";

export async function createNextSandbox(
  tx: DbTransaction,
  sessionId: string,
  provider: SandboxProvider,
  unissuedToken: string,
): Promise<{ id: string; status: "pending"; restoredFromId: string | null }> {
  const restoreFrom = await restorableSnapshot(tx, sessionId, provider);
  const image = restoreFrom ? null : await imageFor(tx, sessionId, provider);
  const checkpoint = await checkpointToRestore(tx, sessionId, restoreFrom);
  return tx.sandbox.create({
    data: {
      sessionId,
      checkpointCommit: checkpoint?.checkpointCommit ?? null,
      checkpointedAt: checkpoint?.checkpointedAt ?? null,
      status: "pending",
      bootMode: restoreFrom ? "snapshot_restore" : image ? "repo_image" : "fresh",
      restoredFromId: restoreFrom,
      imageId: image,
      // The token is set when the sandbox is started (spawnSandbox); until then nothing can use it.
      tokenHash: unissuedToken,
    },
    select: { id: true, status: true, restoredFromId: true },
  }) as Promise<{ id: string; status: "pending"; restoredFromId: string | null }>;
}

/**
 * The work checkpoint of the sandbox this one replaces, when that one failed with a checkpoint
 * newer than the snapshot being restored: the new sandbox's bridge restores it, and the new
 * sandbox keeps it as its own until it saves or pushes newer work.
 */
async function checkpointToRestore(tx: DbTransaction, sessionId: string, snapshotId: string | null) {
  const previous = await tx.sandbox.findFirst({
    where: { sessionId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { status: true, checkpointCommit: true, checkpointedAt: true },
  });
  if (previous?.status !== "failed" || !previous.checkpointCommit || !previous.checkpointedAt) return null;
  const snapshot = snapshotId
    ? await tx.sandboxSnapshot.findUnique({ where: { id: snapshotId }, select: { createdAt: true } })
    : null;
  return snapshot && snapshot.createdAt >= previous.checkpointedAt ? null : previous;
}

async function restorableSnapshot(tx: DbTransaction, sessionId: string, provider: SandboxProvider) {
  const current = runtimeVersionOf(provider.runtime);
  for (;;) {
    const newest = await tx.sandboxSnapshot.findFirst({
      where: { sessionId, provider: provider.name, status: "ready" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, runtimeVersion: true },
    });
    if (!newest) return null;
    const reason = newest.runtimeVersion === current ? null : whyNotRestorable(newest.runtimeVersion, provider.runtime);
    if (!reason) return newest.id;
    await tx.sandboxSnapshot.update({
      where: { id: newest.id },
      data: { status: "retired", retiredReason: `Not restorable: ${reason}.` },
    });
  }
}

/** The repository's image for a session that starts from the default branch; null for any other. */
async function imageFor(tx: DbTransaction, sessionId: string, provider: SandboxProvider): Promise<string | null> {
  const session = await tx.session.findUniqueOrThrow({
    where: { id: sessionId },
    select: { baseBranch: true, repository: { select: { id: true, defaultBranch: true } } },
  });
  if (session.baseBranch !== session.repository.defaultBranch) return null;
  return (await currentImage(session.repository.id, provider, tx))?.id ?? null;
}
