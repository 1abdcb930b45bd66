// Checkpoints: while a prompt runs, its work is saved again whenever the newest save is older
// than CHECKPOINT_AGE_MS, so that a sandbox lost mid-prompt loses at most about a minute of work
// (the watch job looks every 15 s; docs/sessions.md#checkpoints). Where a snapshot leaves the
// sandbox running (local), the sandbox is snapshotted; where it would end it (Vercel), the bridge
// pushes the work — the session's commits and uncommitted changes — to the session's checkpoint
// ref, which the sandbox that replaces a lost one restores.
import { type DbClient, getDb, inTransaction } from "../../db";
import { type Env, getEnv } from "../../env";
import type { DbTransaction } from "../../db";
import { lockSession } from "../../sessions/lock-session";
import { addSandboxCommand } from "../commands";
import { getSandboxProvider } from "../get-provider";
import type { SandboxProvider } from "../provider";
import { requestSnapshot } from "./request-snapshot";

export const CHECKPOINT_AGE_MS = 40_000;

/** Asks for a checkpoint of every running sandbox whose newest save is older than CHECKPOINT_AGE_MS. */
export async function checkpointRunningSandboxes(
  now: Date = new Date(),
  deps: { db?: DbClient; env?: Env; provider?: SandboxProvider } = {},
): Promise<string[]> {
  const db = deps.db ?? getDb();
  const provider = deps.provider ?? getSandboxProvider(deps.env ?? getEnv());
  const since = new Date(now.getTime() - CHECKPOINT_AGE_MS);
  if (provider.snapshotEndsSandbox) return requestWorkCheckpoints(db, provider, since);
  const due = await db.sandbox.findMany({
    where: {
      status: "running",
      provider: provider.name,
      providerId: { not: null },
      // Its prompt has run a while: a restored sandbox's own snapshot counts for its first minute.
      OR: [{ restoredFromId: null }, { restoredFrom: { createdAt: { lt: since } } }],
      snapshots: { none: { createdAt: { gte: since } } },
      messages: { some: { status: "processing", startedAt: { lt: since } } },
    },
    select: { id: true },
  });
  for (const { id } of due) await requestSnapshot(id, "checkpoint");
  return due.map(({ id }) => id);
}

/** Asks the bridge of each sandbox due (and not asked already) to push its work to the checkpoint ref. */
async function requestWorkCheckpoints(db: DbClient, provider: SandboxProvider, since: Date): Promise<string[]> {
  const due = await db.sandbox.findMany({
    where: {
      status: "running",
      provider: provider.name,
      providerId: { not: null },
      OR: [{ checkpointedAt: null }, { checkpointedAt: { lt: since } }],
      messages: { some: { status: "processing", startedAt: { lt: since } } },
      commands: { none: { type: "checkpoint", acknowledgedAt: null } },
    },
    select: { id: true, sessionId: true },
  });
  for (const sandbox of due) {
    await inTransaction(db, async (tx) => {
      await lockSession(tx, sandbox.sessionId);
      await addSandboxCommand(tx, sandbox.id, { type: "checkpoint", payload: {} });
    });
  }
  return due.map(({ id }) => id);
}

/**
 * For the timeline, when a sandbox fails with a prompt running: what of its work is kept, and
 * from when. The next sandbox restores the session's newest snapshot.
 */
export async function savedWorkNote(tx: DbTransaction, sessionId: string, sandboxId: string): Promise<string> {
  const [newest, sandbox] = await Promise.all([
    tx.sandboxSnapshot.findFirst({
      where: { sessionId, status: "ready" },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true, reason: true },
    }),
    tx.sandbox.findUniqueOrThrow({ where: { id: sandboxId }, select: { checkpointedAt: true } }),
  ]);
  const checkpointedAt = sandbox.checkpointedAt;
  if (checkpointedAt && (!newest || newest.createdAt < checkpointedAt))
    return `Its work as of ${utcTime(checkpointedAt)} is saved (a checkpoint of its commits and uncommitted changes); the next prompt continues from there.`;
  if (!newest) return "Its work is kept as far as it was pushed; the next prompt starts from the branch.";
  const what = { prompt: "after a prompt", idle: "before an idle stop", checkpoint: "a checkpoint" }[newest.reason];
  return `Its work as of ${utcTime(newest.createdAt)} is saved (${what}); the next prompt continues from there.`;
}

/**
 * What the agent is told in a sandbox that replaces one that failed: the person's prompt comes
 * after it. Null when the session's last sandbox did not fail.
 */
export async function replacementNotice(
  tx: DbTransaction,
  sessionId: string,
  sandbox: { id: string; restoredFromId: string | null },
): Promise<string | null> {
  const previous = await tx.sandbox.findFirst({
    where: { sessionId, id: { not: sandbox.id } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { status: true, error: true, stoppedAt: true },
  });
  if (previous?.status !== "failed") return null;
  const lost = `The sandbox you were working in for this session failed${
    previous.stoppedAt ? ` at ${utcTime(previous.stoppedAt)}` : ""
  }: ${previous.error ?? "it stopped"}`;
  const [restored, own] = await Promise.all([
    sandbox.restoredFromId
      ? tx.sandboxSnapshot.findUnique({ where: { id: sandbox.restoredFromId }, select: { createdAt: true } })
      : null,
    tx.sandbox.findUnique({ where: { id: sandbox.id }, select: { checkpointedAt: true } }),
  ]);
  // Set when it was created: the failed sandbox's checkpoint, which this one's bridge restores.
  const checkpoint = own?.checkpointedAt
    ? `the files were then restored from a checkpoint saved at ${utcTime(own.checkpointedAt)} (its commits, and its uncommitted changes, uncommitted again); whatever was done after that is gone.`
    : null;
  const from = restored
    ? `This workspace and this conversation were restored from a snapshot saved at ${utcTime(restored.createdAt)}; ${
        checkpoint ?? "whatever was done after that is gone."
      }`
    : checkpoint
      ? `This workspace is a fresh clone of the session's branch; ${checkpoint}`
      : "This workspace is a fresh clone of the session's branch as it was last pushed; changes that were not pushed are gone.";
  return `[Nightshift, not the person] ${lost}. ${from} Check the state of the files (git status, git log) before you go on.`;
}

const utcTime = (date: Date) => `${date.toISOString().slice(11, 19)} UTC`;
