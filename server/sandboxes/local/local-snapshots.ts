// The local provider's snapshots: a copy of a sandbox's workspace and home under
// <data dir>/snapshots/<id>, never written again once made. A file unchanged since the session's
// previous snapshot (same size, time and mode) is a hard link to that snapshot's copy, so a
// snapshot costs the files that changed; a restore copies the snapshot into the new sandbox (a
// copy-on-write clone where the file system has them), so the sandbox never writes into a
// snapshot. docs/sessions.md#snapshots.
import { spawn } from "node:child_process";
import { constants, type Dirent } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

/** What a snapshot holds of a sandbox's directory; the bridge's own state (its batches, its token's) is not. */
const PARTS = ["workspace", "home"] as const;
const LEFT_OUT = new Set([path.join("home", ".nightshift-bridge")]);
const COPIES_AT_ONCE = 32;

export type SavedSnapshot = { sizeBytes: number; files: number; linked: number };

/**
 * Copies `sandboxDir`'s workspace and home to `snapshotDir`, linking what `previousDir` (an
 * earlier snapshot of the same session, if any) already holds unchanged. Written to a temporary
 * directory and renamed, so a snapshot directory is always whole.
 */
export async function saveSnapshot(
  sandboxDir: string,
  snapshotDir: string,
  previousDir: string | null,
): Promise<SavedSnapshot> {
  const partial = `${snapshotDir}.partial`;
  await fs.rm(partial, { recursive: true, force: true });
  await fs.mkdir(partial, { recursive: true });
  const totals: SavedSnapshot = { sizeBytes: 0, files: 0, linked: 0 };
  const queue = new TaskQueue(COPIES_AT_ONCE);
  try {
    for (const part of PARTS) {
      await copyTree(
        {
          from: path.join(sandboxDir, part),
          to: path.join(partial, part),
          previous: previousDir && path.join(previousDir, part),
        },
        part,
        totals,
        queue,
      );
    }
    await queue.drain();
    await fs.rename(partial, snapshotDir);
  } catch (error) {
    await queue.drain().catch(() => undefined);
    await fs.rm(partial, { recursive: true, force: true });
    throw error;
  }
  return totals;
}

/** Puts a snapshot's workspace and home into a new sandbox's (empty) directory. */
export async function restoreSnapshot(snapshotDir: string, sandboxDir: string): Promise<void> {
  for (const part of PARTS) {
    const from = path.join(snapshotDir, part);
    await fs.access(from).catch(() => {
      throw new Error(`the snapshot's files are missing (${from})`);
    });
    await fs.rm(path.join(sandboxDir, part), { recursive: true, force: true });
    // GNU cp: in C, clones files where the file system can, and keeps times and modes (so the
    // next snapshot can tell what did not change).
    await run("cp", ["-a", "--reflink=auto", from, path.join(sandboxDir, part)]);
  }
}

async function copyTree(
  where: { from: string; to: string; previous: string | null },
  relative: string,
  totals: SavedSnapshot,
  queue: TaskQueue,
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(where.from, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  await fs.mkdir(where.to, { recursive: true });
  const directoryStat = await fs.stat(where.from);
  for (const entry of entries) {
    const name = path.join(relative, entry.name);
    if (LEFT_OUT.has(name)) continue;
    const from = path.join(where.from, entry.name);
    const to = path.join(where.to, entry.name);
    const previous = where.previous && path.join(where.previous, entry.name);
    if (entry.isDirectory()) {
      await copyTree({ from, to, previous }, name, totals, queue);
    } else if (entry.isSymbolicLink()) {
      await fs.symlink(await fs.readlink(from), to);
    } else if (entry.isFile()) {
      await queue.add(() => copyFile(from, to, previous, totals));
    }
    // Sockets and pipes are a running process's, not state.
  }
  // Directories keep their mode (a script's private directory stays private).
  await fs.chmod(where.to, directoryStat.mode & 0o7777);
}

async function copyFile(from: string, to: string, previous: string | null, totals: SavedSnapshot): Promise<void> {
  const stat = await fs.lstat(from);
  totals.files += 1;
  if (previous) {
    const earlier = await fs.lstat(previous).catch(() => null);
    if (
      earlier?.isFile() &&
      earlier.size === stat.size &&
      // A copy's time is set to the millisecond (utimes), the original's may be finer.
      Math.trunc(earlier.mtimeMs) === Math.trunc(stat.mtimeMs) &&
      earlier.mode === stat.mode
    ) {
      await fs.link(previous, to);
      totals.linked += 1;
      return;
    }
  }
  await fs.copyFile(from, to, constants.COPYFILE_FICLONE);
  await fs.chmod(to, stat.mode & 0o7777);
  await fs.utimes(to, stat.atime, stat.mtime);
  totals.sizeBytes += stat.size;
}

/** Bytes a snapshot directory holds that no other file links to (what deleting it frees). */
export async function snapshotDirectorySize(dir: string): Promise<number> {
  let total = 0;
  const walk = async (current: string): Promise<void> => {
    const entries = await fs.readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const file = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(file);
      else if (entry.isFile()) {
        const stat = await fs.lstat(file);
        if (stat.nlink === 1) total += stat.size;
      }
    }
  };
  await walk(dir);
  return total;
}

class TaskQueue {
  private readonly running = new Set<Promise<void>>();
  private failure: unknown = null;
  constructor(private readonly limit: number) {}

  async add(task: () => Promise<void>): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.running.size >= this.limit) await Promise.race(this.running);
    const promise = task()
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure) throw this.failure;
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (${code}): ${stderr.trim().slice(-500)}`)),
    );
  });
}
