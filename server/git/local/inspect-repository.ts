// Looks at a directory on this machine and says whether it can be added as a local
// repository: a git working tree's top level or a bare repository, with at least one commit,
// that neither holds Nightshift's data directory nor lies inside it (a sandbox works in its
// repository: it must not see the keys, the database or other sandboxes kept there).
import { readFile, realpath, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runGit } from "./run-git";

export type LocalRepositoryInfo = {
  /** Canonical absolute path (symlinks resolved): the repository's identity. */
  path: string;
  name: string;
  defaultBranch: string;
  description: string | null;
  isBare: boolean;
};

export type InspectionResult = { ok: true; repository: LocalRepositoryInfo } | { ok: false; message: string };

const DEFAULT_GIT_DESCRIPTION = /^Unnamed repository; edit this file/;

/** Whether `inner` is `outer` or lies inside it (both absolute and resolved). */
export function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** Why a repository at `dir` would expose Nightshift's data directory to its sandboxes, if it would. */
export function dataDirProblem(dir: string, dataDir: string): string | null {
  if (isWithin(dataDir, dir))
    return `${dir} holds Nightshift's own data directory (${dataDir}), with its keys and database: a sandbox working in it would see them. Keep the data directory elsewhere (NIGHTSHIFT_DATA_DIR) or add another repository.`;
  if (isWithin(dir, dataDir))
    return `${dir} is inside Nightshift's own data directory (${dataDir}), which holds its keys, database and sandboxes: add a repository from elsewhere.`;
  return null;
}

/** `dataDir`: Nightshift's data directory, which a repository may neither hold nor lie in. */
export async function inspectLocalRepository(input: string, dataDir?: string): Promise<InspectionResult> {
  const expanded = input.startsWith("~/") || input === "~" ? path.join(os.homedir(), input.slice(1)) : input;
  if (!path.isAbsolute(expanded)) {
    return { ok: false, message: `Enter an absolute path, like ${path.join(os.homedir(), "code", "project")}.` };
  }
  const stats = await stat(expanded).catch(() => undefined);
  if (!stats) return { ok: false, message: `Nothing exists at ${expanded}.` };
  if (!stats.isDirectory()) return { ok: false, message: `${expanded} is a file, not a directory.` };
  const dir = await realpath(expanded);
  if (dataDir) {
    const problem = dataDirProblem(dir, await realpath(dataDir).catch(() => path.resolve(dataDir)));
    if (problem) return { ok: false, message: problem };
  }

  const root = await repositoryRoot(dir);
  if (!root.ok) return root;
  if (root.path !== dir)
    return { ok: false, message: `${dir} is inside the git repository ${root.path}; add ${root.path} instead.` };
  const { isBare } = root;

  const anyCommit = await runGit(["rev-list", "-n", "1", "--all"], { cwd: dir });
  if (!anyCommit.ok || anyCommit.stdout === "") {
    return { ok: false, message: `${dir} is a git repository with no commits yet; commit something first.` };
  }

  return {
    ok: true,
    repository: {
      path: dir,
      name: path.basename(dir).replace(/\.git$/, "") || dir,
      defaultBranch: await defaultBranch(dir),
      description: await description(dir, isBare),
      isBare,
    },
  };
}

type RepositoryRoot = { ok: true; path: string; isBare: boolean } | { ok: false; message: string };

/** The repository a directory belongs to: a bare repository's directory, or a working tree's top level. */
async function repositoryRoot(dir: string): Promise<RepositoryRoot> {
  const found = await runGit(["rev-parse", "--is-bare-repository", "--absolute-git-dir"], { cwd: dir });
  if (!found.ok) {
    if (/dubious ownership/.test(found.stderr)) {
      return {
        ok: false,
        message: `${dir} belongs to another user; git refuses to read it (see git's safe.directory setting).`,
      };
    }
    return { ok: false, message: `${dir} is not a git repository.` };
  }
  const [isBare, gitDir = ""] = found.stdout.split("\n");
  if (isBare === "true") return { ok: true, path: await realpath(gitDir), isBare: true };
  // Inside a working tree's .git directory, the repository is the directory that holds it.
  const insideGitDir = await runGit(["rev-parse", "--is-inside-git-dir"], { cwd: dir });
  if (insideGitDir.ok && insideGitDir.stdout === "true")
    return { ok: true, path: path.dirname(await realpath(gitDir)), isBare: false };
  const topLevel = await runGit(["rev-parse", "--show-toplevel"], { cwd: dir });
  if (!topLevel.ok) return { ok: false, message: `${dir} is not a git repository.` };
  return { ok: true, path: await realpath(topLevel.stdout), isBare: false };
}

/** HEAD's branch when it has commits; otherwise main, master, or the first branch there is. */
async function defaultBranch(dir: string): Promise<string> {
  const branches = await runGit(["for-each-ref", "--format=%(refname:short)", "refs/heads"], { cwd: dir });
  const names = branches.ok ? branches.stdout.split("\n").filter(Boolean) : [];
  const head = await runGit(["symbolic-ref", "--quiet", "--short", "HEAD"], { cwd: dir });
  if (head.ok && names.includes(head.stdout)) return head.stdout;
  return names.find((name) => name === "main") ?? names.find((name) => name === "master") ?? names[0] ?? "main";
}

async function description(dir: string, isBare: boolean): Promise<string | null> {
  const file = isBare ? path.join(dir, "description") : path.join(dir, ".git", "description");
  const text = (await readFile(file, "utf8").catch(() => "")).trim();
  return text && !DEFAULT_GIT_DESCRIPTION.test(text) ? text.slice(0, 500) : null;
}
