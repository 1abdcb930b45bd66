// Real git repositories and temporary directories for tests, removed after each test file.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

export function randomKey(): string {
  return randomBytes(5).toString("hex");
}

const temporaryDirs: string[] = [];
afterAll(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function temporaryDir(prefix = "nightshift-test-"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@example.com",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@example.com",
    },
  }).trim();
}

export type GitRepositoryOptions = {
  name?: string;
  branch?: string;
  commits?: number;
  description?: string;
  /** More files (path → content), committed last, e.g. `.nightshift/start.sh`. */
  files?: Record<string, string>;
  /** More branches, made at the last commit; `branch` stays checked out. */
  branches?: string[];
  /** Returns a bare clone (`<name>.git`, every branch) instead: what a git server holds. */
  bare?: boolean;
};

/** A real git repository on disk, with `commits` commits on `branch`. */
export async function createGitRepository(options: GitRepositoryOptions = {}): Promise<string> {
  const parent = await temporaryDir();
  const dir = path.join(parent, options.name ?? `repo-${randomKey()}`);
  execFileSync("git", ["init", "-q", "-b", options.branch ?? "main", dir]);
  for (let index = 0; index < (options.commits ?? 1); index++) {
    await writeFile(path.join(dir, `file-${index}.txt`), `content ${index}\n`);
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", `commit ${index}`);
  }
  if (options.files) {
    for (const [file, content] of Object.entries(options.files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "add files");
  }
  for (const name of options.branches ?? []) git(dir, "branch", name);
  if (options.description) await writeFile(path.join(dir, ".git", "description"), `${options.description}\n`);
  if (!options.bare) return dir;
  const bare = `${dir}.git`;
  execFileSync("git", ["clone", "-q", "--bare", dir, bare]);
  return bare;
}
