// Work checkpoints, where a snapshot would end the sandbox (Vercel): while a prompt runs, the
// control plane asks now and then (a `checkpoint` command) and the bridge saves the session's
// work where it outlives the sandbox — a commit of everything in the workspace that git would
// track (uncommitted changes and new files; ignored files are not), whose parent is HEAD, so that
// commits not pushed yet travel with it — pushed to the session's checkpoint ref. The agent's own
// index and branch are left alone: the commit is built in an index of its own. The sandbox that
// replaces one lost mid-prompt restores it: HEAD at those commits, the rest uncommitted again.
// docs/sessions.md#checkpoints.
import { rmSync } from "node:fs";
import path from "node:path";
import type { BootReporter } from "./boot";
import type { BridgeConfig } from "./config";
import { checkpointRef } from "./protocol";
import { git } from "./run-command";

type Saved = { tree: string; parent: string; commit: string };

export class Checkpoints {
  private last: Saved | null = null;
  /** Whether the checkpoint ref may hold this session's work (saved or restored here). */
  private isRefSet: boolean;

  constructor(private readonly config: BridgeConfig) {
    this.isRefSet = config.restoreCheckpoint !== null;
  }

  get ref(): string {
    return checkpointRef(this.config.sessionId);
  }

  /** Saves the work and pushes it to the checkpoint ref; returns the checkpoint's commit. */
  async save(): Promise<string> {
    const { repoDir, stateDir } = this.config;
    const index = path.join(stateDir, "checkpoint-index");
    rmSync(index, { force: true });
    const env = { GIT_INDEX_FILE: index };
    const parent = await git(["rev-parse", "HEAD"], repoDir);
    await git(["read-tree", parent], repoDir, 60_000, env);
    await git(["add", "--all"], repoDir, 300_000, env);
    const tree = await git(["write-tree"], repoDir, 60_000, env);
    rmSync(index, { force: true });
    // Nothing changed since the last one: it still holds the work.
    if (this.last?.tree === tree && this.last.parent === parent) return this.last.commit;
    const commit = await git(
      ["commit-tree", tree, "-p", parent, "-m", "Nightshift checkpoint: the session's work while a prompt ran"],
      repoDir,
    );
    await git(["push", "--force", "--no-verify", "origin", `${commit}:${this.ref}`], repoDir, 120_000);
    this.last = { tree, parent, commit };
    this.isRefSet = true;
    return commit;
  }

  /** After the branch is pushed the checkpoint is stale: its ref is deleted (best effort). */
  async drop(): Promise<void> {
    if (!this.isRefSet) return;
    await git(["push", "--no-verify", "origin", `:${this.ref}`], this.config.repoDir, 60_000);
    this.isRefSet = false;
    this.last = null;
  }
}

/**
 * At boot, after the repository is here: the failed sandbox's checkpoint, when the control plane
 * named one. A checkpoint that cannot be had is a warning; the branch as pushed stays.
 */
export async function restoreCheckpoint(config: BridgeConfig, report: BootReporter): Promise<void> {
  const commit = config.restoreCheckpoint;
  if (!commit) return;
  const { repoDir } = config;
  const local = "refs/nightshift/restoring";
  try {
    await git(["fetch", "--no-tags", "origin", `+${checkpointRef(config.sessionId)}:${local}`], repoDir, 300_000);
    const fetched = await git(["rev-parse", local], repoDir);
    if (fetched !== commit)
      throw new Error(`the checkpoint ref holds ${fetched.slice(0, 12)}, not ${commit.slice(0, 12)}`);
    // The branch moved on since (pushed by a later sandbox): restoring would take it back.
    const isAhead = await git(["merge-base", "--is-ancestor", "HEAD", commit], repoDir).then(
      () => true,
      () => false,
    );
    if (!isAhead) throw new Error("the branch has moved on since it was saved");
    // HEAD at the commits of that moment; their changes since, uncommitted again.
    await git(["reset", "--hard", "--quiet", commit], repoDir);
    await git(["reset", "--mixed", "--quiet", `${commit}^`], repoDir);
  } catch (error) {
    report.warning(
      `Could not restore the work saved before the last sandbox was lost (checkpoint ${commit.slice(0, 12)}): ${
        error instanceof Error ? error.message : String(error)
      }. This sandbox has the branch as it was last pushed.`,
    );
  } finally {
    await git(["update-ref", "-d", local], repoDir).catch(() => undefined);
  }
}
