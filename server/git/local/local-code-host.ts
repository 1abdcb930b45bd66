// The local code host: git repositories on this machine, added by path. One organisation on one
// machine, so every signed-in person may write to them. A sandbox clones the repository from the
// control plane, over git's smart HTTP protocol with short-lived credentials (./serve-git.ts) —
// nothing of the machine is mounted into it — and pushes its session branch back; a "pull
// request" is that branch, reviewed on the session's page.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BRIDGE_PATHS } from "../../../sandbox/bridge/protocol";
import { getEnv } from "../../env";
import { AppError } from "../../errors";
import type { CodeHost, HostedRepository, SessionDiff } from "../code-host";
import { MAX_DIFF_BYTES, NO_CHANGES } from "../diff-limits";
import { dataDirProblem } from "./inspect-repository";
import { issueLocalGitCredentials } from "./local-git-credentials";
import { runGit } from "./run-git";

export const localCodeHost: CodeHost = {
  displayName(repository) {
    return repository.name;
  },

  async access() {
    return "write";
  },

  async refusal() {
    return "Local repositories are open to everyone signed in.";
  },

  async listBranches(repository) {
    const found = await runGit(["for-each-ref", "--sort=refname", "--format=%(refname:lstrip=2)", "refs/heads"], {
      cwd: repository.externalId,
    });
    if (!found.ok) {
      throw new AppError(
        "UNAVAILABLE",
        `Could not read the branches of ${repository.name}: git cannot open ${repository.externalId}.`,
      );
    }
    return found.stdout.split("\n").filter(Boolean);
  },

  async missingBranch(repository, branch) {
    const found = await runGit(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`], {
      cwd: repository.externalId,
    });
    return found.ok ? null : `${repository.name} has no branch ${branch}.`;
  },

  cloneUrl(repository) {
    // One added before Nightshift refused repositories that hold or lie in its data directory:
    // no sandbox starts on it (the git endpoint would not serve it either).
    const dataDir = path.resolve(getEnv().sandboxes.dataDir);
    const exposes = dataDirProblem(path.resolve(repository.externalId), dataDir);
    if (exposes) throw new AppError("FORBIDDEN", exposes);
    // A path on the control plane: the bridge reaches it wherever its control plane is.
    return `${BRIDGE_PATHS.git}/${repository.id}.git`;
  },

  async buildSource(repository) {
    localCodeHost.cloneUrl(repository);
    // A file:// URL, so that a shallow clone is shallow.
    return { url: pathToFileURL(repository.externalId).href, authorization: null };
  },

  async gitCredentials(_repository, sandbox) {
    return issueLocalGitCredentials(sandbox.id);
  },

  async openPullRequest(opening) {
    // Nothing to open anywhere: the pushed branch is the change, shown on the session's page.
    return {
      reply: {
        action: opening.isUpdate ? "updated" : "created",
        number: null,
        url: `${opening.sessionUrl}#files`,
        onGithub: false,
      },
      metadata: {
        title: opening.title,
        body: opening.body,
        base: opening.base,
        head: opening.head,
        branch: opening.branch,
        state: "open",
        local: true,
      },
    };
  },

  async diff(repository, range) {
    return localDiff(repository, range);
  },
};

/** The session branch against its base, as git shows it; nothing before the sandbox pushed it. */
async function localDiff(repository: HostedRepository, range: { base: string; branch: string }): Promise<SessionDiff> {
  const cwd = repository.externalId;
  const pushed = await runGit(["rev-parse", "--verify", "--quiet", `refs/heads/${range.branch}^{commit}`], { cwd });
  if (!pushed.ok) return NO_CHANGES;

  const spec = `refs/heads/${range.base}...refs/heads/${range.branch}`;
  const [numstat, patch] = await Promise.all([
    runGit(["diff", "--numstat", spec], { cwd }),
    runGit(["diff", spec], { cwd }),
  ]);
  if (!numstat.ok || !patch.ok) {
    throw new AppError("UNAVAILABLE", `git could not compare ${range.branch} with ${range.base}.`);
  }
  const files = numstat.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [additions = "0", deletions = "0", ...rest] = line.split("\t");
      return { path: rest.join("\t"), additions: Number(additions) || 0, deletions: Number(deletions) || 0 };
    });
  const isTruncated = patch.stdout.length > MAX_DIFF_BYTES;
  return { files, patch: isTruncated ? patch.stdout.slice(0, MAX_DIFF_BYTES) : patch.stdout, isTruncated };
}
