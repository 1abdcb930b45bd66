// Checkpoints: while a prompt runs, its sandbox is snapshotted again whenever its newest snapshot
// is older than CHECKPOINT_AGE_MS, so that a sandbox lost mid-prompt loses at most about a
// minute of work (the watch job looks every 15 s; docs/sessions.md#snapshots). Only providers
// whose snapshots leave the sandbox running take them.
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import type { DbTransaction } from "../../db";
import { getSandboxProvider } from "../get-provider";
import type { SandboxProvider } from "../provider";
import { requestSnapshot } from "./request-snapshot";

export const CHECKPOINT_AGE_MS = 40_000;

/** Asks for a checkpoint of every running sandbox whose newest snapshot is older than CHECKPOINT_AGE_MS. */
export async function checkpointRunningSandboxes(
  now: Date = new Date(),
  deps: { db?: DbClient; env?: Env; provider?: SandboxProvider } = {},
): Promise<string[]> {
  const db = deps.db ?? getDb();
  const provider = deps.provider ?? getSandboxProvider(deps.env ?? getEnv());
  if (provider.snapshotEndsSandbox) return [];
  const since = new Date(now.getTime() - CHECKPOINT_AGE_MS);
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

/**
 * For the timeline, when a sandbox fails with a prompt running: what of its work is kept, and
 * from when. The next sandbox restores the session's newest snapshot.
 */
export async function savedWorkNote(tx: DbTransaction, sessionId: string): Promise<string> {
  const newest = await tx.sandboxSnapshot.findFirst({
    where: { sessionId, status: "ready" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, reason: true },
  });
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
  const restored = sandbox.restoredFromId
    ? await tx.sandboxSnapshot.findUnique({ where: { id: sandbox.restoredFromId }, select: { createdAt: true } })
    : null;
  const from = restored
    ? `This workspace and this conversation were restored from a snapshot saved at ${utcTime(restored.createdAt)}; whatever was done after that is gone.`
    : "This workspace is a fresh clone of the session's branch as it was last pushed; changes that were not pushed are gone.";
  return `[Nightshift, not the person] ${lost}. ${from} Check the state of the files (git status, git log) before you go on.`;
}

const utcTime = (date: Date) => `${date.toISOString().slice(11, 19)} UTC`;
