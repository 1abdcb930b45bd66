// The GitHub code host: repositories the GitHub App is installed on. What a person may do there
// is GitHub's answer to their own sign-in token, kept a few minutes; sandboxes clone over HTTPS
// with installation tokens for that one repository; pull requests are opened as the person who
// asked; what a session changed is GitHub's comparison of its branch with the base. docs/github.md.
import { githubTokenOf } from "../../auth/github-token";
import { getDb } from "../../db";
import { getEnv } from "../../env";
import { AppError } from "../../errors";
import type { Access, CodeHost, HostedRepository } from "../code-host";
import { MAX_DIFF_BYTES, NO_CHANGES } from "../diff-limits";
import { githubAccess } from "./github-access";
import { getGithubApp, installationOctokit, repositoryToken } from "./github-app";
import { upsertGithubPullRequest } from "./pull-requests";

/** How long an answer from GitHub is trusted; granting or revoking access shows within this. */
export const ACCESS_CACHE_MS = 3 * 60_000;

type Cached = { access: Access; expiresAt: number };
const store = globalThis as typeof globalThis & { nightshiftAccessCache?: Map<string, Cached> };
const cache = (store.nightshiftAccessCache ??= new Map());

/** Forgets what GitHub said about a person (they signed in again), or about everyone (tests). */
export function forgetAccess(userId?: string): void {
  if (!userId) return cache.clear();
  for (const key of cache.keys()) if (key.startsWith(`${userId}:`)) cache.delete(key);
}

const fullName = (repository: HostedRepository) => `${repository.owner}/${repository.name}`;

function installationOf(repository: HostedRepository): number {
  if (repository.installationId === null) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `The GitHub App can no longer reach ${fullName(repository)}; install it on the repository again.`,
    );
  }
  return Number(repository.installationId);
}

export const githubCodeHost: CodeHost = {
  displayName(repository) {
    return `${repository.owner}/${repository.name}`;
  },

  async access(userId, repository) {
    const key = `${userId}:${repository.id}`;
    const cached = cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.access;
    const token = await githubTokenOf(userId);
    const env = getEnv();
    const access = token
      ? await githubAccess({ token, apiUrl: env.githubApiUrl, owner: repository.owner, name: repository.name })
      : "none";
    cache.set(key, { access, expiresAt: Date.now() + ACCESS_CACHE_MS });
    return access;
  },

  async refusal({ userId, repository, need, access }) {
    const where = `${fullName(repository)} on GitHub`;
    const doing = need === "read" ? "see its sessions" : "prompt, steer or change its sessions and settings";
    const signedInWithGithub = await getDb().account.count({ where: { userId, provider: "github" } });
    if (!signedInWithGithub) {
      return `Nightshift checks your access to ${where} with your GitHub sign-in: sign in with GitHub to ${doing}.`;
    }
    return `You need ${need} access to ${where} to ${doing}${access === "read" ? " (you can read it)" : ""}.`;
  },

  async listBranches(repository) {
    const installationId = installationOf(repository);
    try {
      const octokit = await installationOctokit(getGithubApp(), installationId);
      const branches = await octokit.paginate(octokit.rest.repos.listBranches, {
        owner: repository.owner,
        repo: repository.name,
        per_page: 100,
      });
      return branches.map((branch) => branch.name);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(
        "UNAVAILABLE",
        `Could not read the branches of ${fullName(repository)} from GitHub: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  },

  async missingBranch() {
    // Not asked of GitHub up front (one more call per session, and an outage would refuse every
    // session): a branch that is not there fails the sandbox's clone, which names it.
    return null;
  },

  cloneUrl(repository) {
    const env = getEnv();
    if (env.codeHost.kind !== "github") {
      throw new AppError(
        "PRECONDITION_FAILED",
        "This session's repository is on GitHub, and no GitHub App is configured (GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_SLUG).",
      );
    }
    installationOf(repository);
    return `${env.GITHUB_URL}/${repository.externalId}.git`;
  },

  async buildSource(repository) {
    const url = githubCodeHost.cloneUrl(repository);
    const { token } = await repositoryToken(getGithubApp(), installationOf(repository), repository.name);
    return { url, authorization: `Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}` };
  },

  async gitCredentials(repository) {
    const { token, expiresAt } = await repositoryToken(getGithubApp(), installationOf(repository), repository.name);
    return { username: "x-access-token", password: token, expiresAt };
  },

  async openPullRequest(opening) {
    const { repository } = opening;
    const userToken = await githubTokenOf(opening.requester.userId);
    const pr = await upsertGithubPullRequest(getEnv(), {
      owner: repository.owner,
      name: repository.name,
      installationId: repository.installationId,
      branch: opening.branch,
      base: opening.base,
      head: opening.head,
      title: opening.title,
      body: opening.body,
      draft: opening.draft,
      label: opening.label,
      userToken,
      requester: opening.requester.name,
      sessionUrl: opening.sessionUrl,
    });
    return {
      reply: { action: pr.action, number: pr.number, url: pr.url, onGithub: true },
      metadata: {
        number: pr.number,
        title: opening.title,
        base: opening.base,
        head: opening.head,
        state: pr.state,
        draft: pr.draft,
        openedAs: pr.openedAs,
      },
    };
  },

  async diff(repository, range) {
    // GitHub compares the two branches (the merge base with the session branch, as git's "...").
    const octokit = await installationOctokit(getGithubApp(getEnv()), installationOf(repository));
    const compared = await octokit.rest.repos
      .compareCommitsWithBasehead({
        owner: repository.owner,
        repo: repository.name,
        basehead: `${range.base}...${range.branch}`,
        per_page: 100,
      })
      .catch((error: { status?: number }) => {
        // The session branch is not pushed yet (or the base is gone): nothing to compare.
        if (error.status === 404) return null;
        throw error;
      });
    if (!compared) return NO_CHANGES;
    const files = compared.data.files ?? [];
    const patch = files
      .map(
        (file) =>
          `--- a/${file.previous_filename ?? file.filename}\n+++ b/${file.filename}\n${file.patch ?? "(binary, or too large to show)"}\n`,
      )
      .join("");
    const isTruncated = patch.length > MAX_DIFF_BYTES;
    return {
      files: files.map((file) => ({ path: file.filename, additions: file.additions, deletions: file.deletions })),
      patch: isTruncated ? patch.slice(0, MAX_DIFF_BYTES) : patch,
      isTruncated,
    };
  },
};
