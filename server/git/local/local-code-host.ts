// The local code host: git repositories on this machine, added by path. One organisation on one
// machine, so every signed-in person may write to them. A sandbox clones the repository over
// file:// (the local sandbox provider binds it into the sandbox) and pushes its session branch
// back; a "pull request" is that branch, reviewed on the session's page.
import { AppError } from "../../errors";
import type { CodeHost, HostedRepository, SessionDiff } from "../code-host";
import { runGit } from "./run-git";

export const MAX_DIFF_BYTES = 400_000;

const NO_CHANGES: SessionDiff = { files: [], patch: "", isTruncated: false };

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
    return `file://${repository.externalId}`;
  },

  async gitCredentials() {
    return null;
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
