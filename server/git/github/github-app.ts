// The GitHub App: Nightshift's identity on GitHub. It lists the repositories it is installed on
// and mints short-lived installation tokens, each limited to one repository, for sandboxes to
// clone and push with. docs/github.md.
import { App } from "@octokit/app";
import { Octokit } from "@octokit/rest";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";

export type GithubApp = App<{ Octokit: typeof Octokit }>;
export type InstallationRepository = Awaited<
  ReturnType<Octokit["rest"]["apps"]["listReposAccessibleToInstallation"]>
>["data"]["repositories"][number];

// Octokit logs every failed request; failures here are reported by what we throw.
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const store = globalThis as typeof globalThis & { nightshiftGithubApp?: { key: string; app: GithubApp } };

export function getGithubApp(env: Env = getEnv()): GithubApp {
  const host = env.codeHost;
  if (host.kind !== "github")
    throw new AppError(
      "UNAVAILABLE",
      "No GitHub App is configured: set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_SLUG (docs/github.md).",
    );
  const key = `${env.githubApiUrl}|${host.appId}|${host.privateKey}`;
  if (store.nightshiftGithubApp?.key !== key) {
    const app: GithubApp = new App({
      appId: host.appId,
      privateKey: host.privateKey,
      Octokit: Octokit.defaults({ baseUrl: env.githubApiUrl, userAgent: "nightshift", log: quiet }),
      log: quiet,
      ...(host.webhookSecret ? { webhooks: { secret: host.webhookSecret } } : {}),
    });
    store.nightshiftGithubApp = { key, app };
  }
  return store.nightshiftGithubApp.app;
}

export type InstallationListing = {
  installationIds: number[];
  repositories: Array<{ installationId: number; repository: InstallationRepository }>;
};

/** The App's installations, and every repository each gives access to. */
export async function listInstallationRepositories(app: GithubApp): Promise<InstallationListing> {
  const listing: InstallationListing = { installationIds: [], repositories: [] };
  for await (const { installation } of app.eachInstallation.iterator()) {
    listing.installationIds.push(installation.id);
    const octokit = await app.getInstallationOctokit(installation.id);
    const repositories = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
    for (const repository of repositories) listing.repositories.push({ installationId: installation.id, repository });
  }
  return listing;
}

export type InstallationToken = { token: string; expiresAt: string };

/**
 * A token for one repository only, valid for an hour at most: what a sandbox clones and pushes
 * with (contents), and what opens pull requests when the person asking has no token of theirs.
 */
export async function repositoryToken(
  app: GithubApp,
  installationId: number,
  repositoryName: string,
): Promise<InstallationToken> {
  const { data } = await app.octokit.request("POST /app/installations/{installation_id}/access_tokens", {
    installation_id: installationId,
    repositories: [repositoryName],
    permissions: { contents: "write", pull_requests: "write", metadata: "read" },
  });
  return { token: data.token, expiresAt: data.expires_at };
}

/** An Octokit acting as the App's installation (for reading branches, say). */
export function installationOctokit(app: GithubApp, installationId: number): Promise<Octokit> {
  return app.getInstallationOctokit(installationId);
}
