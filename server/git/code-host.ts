// The code host port: where a repository lives and what can be done there — who may read or
// write it, its branches, where a sandbox clones it from (and with which credentials), its
// pull requests and what a session changed. GitHub (./github/github-code-host.ts) and local git
// repositories on disk (./local/local-code-host.ts) are its adapters; `codeHostFor` picks the
// one a repository belongs to. docs/architecture.md#ports-and-adapters.
import { match } from "ts-pattern";
import type { GitCredentialsReply, PullRequestReply } from "../../sandbox/bridge/protocol";
import type { Prisma, RepositoryProvider } from "../generated/prisma/client";
import type { PullRequestMetadata } from "../sessions/artifact-metadata";
import { githubCodeHost } from "./github/github-code-host";
import { localCodeHost } from "./local/local-code-host";

export type Access = "none" | "read" | "write";

/** A repository as the code hosts need it. */
export const hostedRepositorySelect = {
  id: true,
  provider: true,
  externalId: true,
  owner: true,
  name: true,
  defaultBranch: true,
  installationId: true,
} as const satisfies Prisma.RepositorySelect;
export type HostedRepository = Prisma.RepositoryGetPayload<{ select: typeof hostedRepositorySelect }>;

export type ChangedFile = { path: string; additions: number; deletions: number };
export type SessionDiff = { files: ChangedFile[]; patch: string; isTruncated: boolean };

/** What a session asks of its code host when the agent asks for a pull request. */
export type PullRequestOpening = {
  repository: HostedRepository;
  /** The session's branch, pushed at `head`. */
  branch: string;
  base: string;
  head: string;
  title: string;
  body: string;
  draft: boolean;
  label: string | null;
  /** Whose pull request it is: the person whose prompt asked for it. */
  requester: { userId: string; name: string };
  sessionUrl: string;
  /** The session has one already: it is updated. */
  isUpdate: boolean;
};
export type OpenedPullRequest = { reply: PullRequestReply; metadata: PullRequestMetadata };

export type CodeHost = {
  /** How people call the repository: owner/name on GitHub, the directory's name locally. */
  displayName(repository: { owner: string; name: string }): string;
  /** What a person may do on the repository, by the host's own rules. */
  access(userId: string, repository: HostedRepository): Promise<Access>;
  /** Why a person lacks `need`, in words that say what to do about it. */
  refusal(options: {
    userId: string;
    repository: HostedRepository;
    need: "read" | "write";
    access: Access;
  }): Promise<string>;
  /** Every branch, by name. */
  listBranches(repository: HostedRepository): Promise<string[]>;
  /** Why a session cannot start from `branch`, or null when it can (or the host cannot tell before cloning). */
  missingBranch(repository: HostedRepository, branch: string): Promise<string | null>;
  /**
   * Where a sandbox clones the repository from and pushes its session branch to: a URL, or a path
   * on the control plane (/api/sandbox/…), which the bridge puts after its own control plane URL.
   * Throws, saying why, for a repository no sandbox may have.
   */
  cloneUrl(repository: HostedRepository): string;
  /**
   * Where the control plane itself clones the repository from to build its image, and the
   * Authorization header git sends (short-lived; never given to the sandbox). Throws, saying why,
   * for a repository no sandbox may have.
   */
  buildSource(repository: HostedRepository): Promise<{ url: string; authorization: string | null }>;
  /** Short-lived credentials for the sandbox's git, good for this repository only; null when it needs none. */
  gitCredentials(repository: HostedRepository, sandbox: { id: string }): Promise<GitCredentialsReply | null>;
  /** Opens (or updates) the pull request of a session's branch. */
  openPullRequest(opening: PullRequestOpening): Promise<OpenedPullRequest>;
  /** What the session's branch changed against its base. */
  diff(repository: HostedRepository, range: { base: string; branch: string }): Promise<SessionDiff>;
};

export function codeHostFor(repository: { provider: RepositoryProvider }): CodeHost {
  return match(repository.provider)
    .with("github", () => githubCodeHost)
    .with("local", () => localCodeHost)
    .exhaustive();
}
