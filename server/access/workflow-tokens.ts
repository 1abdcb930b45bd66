// Workflow tokens: a GitHub Actions workflow exchanges its run's OIDC token (verified by
// ./github-oidc.ts) for a Nightshift token that lasts an hour and reaches one repository — the
// one the workflow runs in — so no long-lived secret is stored in GitHub. It acts for the
// person who started the run when they are a Nightshift user with write access to the
// repository, else for the GitHub App's bot account. docs/github-action.md#authentication.
import type { DbClient } from "../db";
import type { Env } from "../env";
import { AppError } from "../errors";
import { hostedRepositorySelect } from "../git/code-host";
import { getGithubApp, installationOctokit } from "../git/github/github-app";
import { githubUserFor } from "../integrations/github/github-users";
import { generateToken, hashToken } from "../security/tokens";
import { type CurrentUser, currentUserSelect } from "../users/get-user";
import { type Actor, actorFor } from "./actor";
import { type GithubOidcIdentity, verifyGithubOidcToken } from "./github-oidc";
import { repositoryAccess } from "./repository-access";

export const WORKFLOW_TOKEN_PREFIX = "nsw_";
export const WORKFLOW_TOKEN_LIFETIME_MS = 60 * 60_000;

/** The workflow run a token was made for: shown with the prompts it sends. */
export type WorkflowRun = {
  repository: string;
  runId: string;
  runAttempt: string;
  workflowRef: string;
  eventName: string;
  /** The GitHub login that started the run. */
  actor: string;
  /** The run's page on GitHub. */
  url: string;
};

export type WorkflowTokenGrant = {
  token: string;
  expiresAt: Date;
  repository: { id: string; owner: string; name: string };
  /** Whom the token acts for: the run's actor, or the App's bot account. */
  actsAs: { kind: "person" | "app"; userId: string; login: string };
  run: WorkflowRun;
};

export type WorkflowAuthentication = { user: CurrentUser; actor: Actor; run: WorkflowRun; repositoryId: string };

/** Verifies a workflow's OIDC token and issues a workflow token for its repository. */
export async function exchangeGithubOidcToken(
  oidcToken: string,
  db: DbClient,
  env: Env,
  now: Date = new Date(),
): Promise<WorkflowTokenGrant> {
  if (env.codeHost.kind !== "github")
    throw new AppError(
      "PRECONDITION_FAILED",
      "This Nightshift has no GitHub App, so it knows no GitHub repositories: send a personal API token (the action's token input) instead.",
    );
  const identity = await verifyGithubOidcToken(oidcToken, env.githubOidc, now);
  const repository = await db.repository.findFirst({
    where: { provider: "github", githubId: BigInt(identity.repositoryId) },
    select: hostedRepositorySelect,
  });
  if (!repository || repository.installationId === null)
    throw new AppError(
      "FORBIDDEN",
      `${identity.repository} is not installed in Nightshift: install the GitHub App on it (docs/github.md), then run the workflow again.`,
    );

  const actsAs = (await personWhoMayWrite(identity, repository, db, env)) ?? {
    kind: "app" as const,
    ...(await appBotUser(Number(repository.installationId), db, env)),
  };
  const run: WorkflowRun = {
    repository: identity.repository,
    runId: identity.runId,
    runAttempt: identity.runAttempt,
    workflowRef: identity.workflowRef,
    eventName: identity.eventName,
    actor: identity.actor,
    url: `${env.GITHUB_URL}/${identity.repository}/actions/runs/${identity.runId}/attempts/${identity.runAttempt}`,
  };
  const token = generateToken(WORKFLOW_TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + WORKFLOW_TOKEN_LIFETIME_MS);
  await db.workflowToken.create({
    data: { tokenHash: hashToken(token), userId: actsAs.userId, repositoryId: repository.id, run, expiresAt },
  });
  return {
    token,
    expiresAt,
    repository: { id: repository.id, owner: repository.owner, name: repository.name },
    actsAs,
    run,
  };
}

/** The run's actor, when they signed in to Nightshift with GitHub and may write to the repository. */
async function personWhoMayWrite(
  identity: GithubOidcIdentity,
  repository: Parameters<typeof repositoryAccess>[1],
  db: DbClient,
  env: Env,
): Promise<WorkflowTokenGrant["actsAs"] | null> {
  const account = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: "github", providerAccountId: identity.actorId } },
    select: { user: { select: { id: true, email: true, githubLogin: true, claimedAdminAt: true } } },
  });
  if (!account) return null;
  // Their own GitHub token answers; one that no longer works counts as no access.
  const access = await repositoryAccess(actorFor(account.user, env), repository).catch(() => "none" as const);
  return access === "write" ? { kind: "person", userId: account.user.id, login: identity.actor } : null;
}

/** The Nightshift user standing for the App's bot account (<slug>[bot]), so commits carry its noreply address. */
async function appBotUser(installationId: number, db: DbClient, env: Env): Promise<{ userId: string; login: string }> {
  if (env.codeHost.kind !== "github") throw new Error("appBotUser needs the GitHub App");
  const login = `${env.codeHost.slug}[bot]`;
  const octokit = await installationOctokit(getGithubApp(env), installationId);
  const { data } = await octokit.rest.users.getByUsername({ username: login }).catch((error: unknown) => {
    throw new AppError("UNAVAILABLE", `GitHub did not describe the App's account ${login}: ${String(error)}.`);
  });
  const user = await githubUserFor({ id: data.id, login }, db);
  return { userId: user.id, login };
}

/**
 * The person and repository a workflow token acts for; UNAUTHENTICATED for an unknown or
 * expired one (the action asks for a new one with a fresh OIDC token).
 */
export async function authenticateWorkflowToken(
  token: string,
  db: DbClient,
  env: Env,
  now: Date = new Date(),
): Promise<WorkflowAuthentication> {
  const found = await db.workflowToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { repositoryId: true, run: true, expiresAt: true, user: { select: currentUserSelect } },
  });
  if (!found) throw new AppError("UNAUTHENTICATED", "This workflow token is not valid: it is unknown.");
  if (found.expiresAt <= now)
    throw new AppError(
      "UNAUTHENTICATED",
      "This workflow token has expired (they last an hour): exchange a fresh OIDC token for another.",
    );
  return {
    user: found.user,
    // Only this repository, with write access (the exchange checked it), and never administration.
    actor: {
      ...actorFor(found.user, env),
      isAdmin: false,
      grants: [{ repositoryId: found.repositoryId, access: "write" }],
      onlyRepositoryId: found.repositoryId,
    },
    run: found.run as WorkflowRun,
    repositoryId: found.repositoryId,
  };
}

/** Forgets workflow tokens that expired a day ago or more; returns how many. */
export async function pruneWorkflowTokens(db: DbClient, now: Date = new Date()): Promise<number> {
  const { count } = await db.workflowToken.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - 24 * 60 * 60_000) } },
  });
  return count;
}
