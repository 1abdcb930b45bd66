// Pull requests on GitHub: opened with the prompting person's own OAuth token, so that the pull
// request is theirs (and they cannot approve it themselves by accident); without such a token,
// with the App's, naming them in the body. One pull request per branch: a second call updates it.
import { Octokit } from "@octokit/rest";
import type { Env } from "../../env";
import { AppError } from "../../errors";
import { getGithubApp, installationOctokit } from "./github-app";

export type GithubPullRequestInput = {
  owner: string;
  name: string;
  installationId: bigint | null;
  branch: string;
  base: string;
  head: string;
  title: string;
  body: string;
  draft: boolean;
  /** Added to the pull request (the repository's setting); GitHub creates it when missing. */
  label: string | null;
  /** The person's GitHub token, when they signed in with GitHub. */
  userToken: string | null;
  requester: string;
  sessionUrl: string;
};

export type GithubPullRequest = {
  action: "created" | "updated";
  number: number;
  url: string;
  state: "open" | "closed" | "merged";
  draft: boolean;
  openedAs: "user" | "app";
};

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export async function upsertGithubPullRequest(env: Env, input: GithubPullRequestInput): Promise<GithubPullRequest> {
  const where = `${input.owner}/${input.name}`;
  if (input.installationId === null)
    throw new AppError(
      "PRECONDITION_FAILED",
      `The GitHub App can no longer reach ${where}; install it on the repository again.`,
    );
  const app = await installationOctokit(getGithubApp(env), Number(input.installationId));
  const octokit = input.userToken
    ? new Octokit({ auth: input.userToken, baseUrl: env.githubApiUrl, userAgent: "nightshift", log: quiet })
    : app;
  const repo = { owner: input.owner, repo: input.name };

  return call(where, async () => {
    // The control plane makes sure the branch is there, at the commit the sandbox pushed.
    const branch = await app.rest.repos
      .getBranch({ ...repo, branch: input.branch })
      .catch((error: { status?: number }) => {
        if (error.status === 404) return null;
        throw error;
      });
    if (!branch || branch.data.commit.sha !== input.head) {
      throw new AppError(
        "PRECONDITION_FAILED",
        `The branch ${input.branch} is not on GitHub at ${input.head.slice(0, 8)} yet; push it first.`,
      );
    }
    const body = bodyOf(input);
    const { data: open } = await app.rest.pulls.list({
      ...repo,
      head: `${input.owner}:${input.branch}`,
      state: "open",
      per_page: 1,
    });
    const existing = open[0];
    const { data } = existing
      ? await octokit.rest.pulls.update({
          ...repo,
          pull_number: existing.number,
          title: input.title,
          body,
          base: input.base,
        })
      : await octokit.rest.pulls.create({
          ...repo,
          head: input.branch,
          base: input.base,
          title: input.title,
          body,
          draft: input.draft,
        });
    // Labels are set by the App, which may label whatever it can write to.
    if (input.label) await app.rest.issues.addLabels({ ...repo, issue_number: data.number, labels: [input.label] });
    return {
      action: existing ? "updated" : "created",
      number: data.number,
      url: data.html_url,
      state: "open",
      draft: data.draft ?? false,
      openedAs: input.userToken ? "user" : "app",
    };
  });
}

function bodyOf(input: GithubPullRequestInput): string {
  const requested = input.userToken ? "" : `\n\nRequested by ${input.requester} in Nightshift.`;
  return `${input.body.trim()}${requested}\n\n---\n[Open the session in Nightshift](${input.sessionUrl})`.trimStart();
}

async function call<T>(where: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const status = (error as { status?: number }).status;
    const message = (error as { response?: { data?: { message?: string; errors?: Array<{ message?: string }> } } })
      .response?.data;
    const detail = [message?.message, ...(message?.errors ?? []).map((item) => item.message)]
      .filter(Boolean)
      .join(": ");
    if (status === 403 || status === 404)
      throw new AppError("FORBIDDEN", `GitHub refused to open a pull request on ${where}: ${detail || status}.`, {
        cause: error,
      });
    if (status === 422)
      throw new AppError("VALIDATION", `GitHub refused the pull request on ${where}: ${detail || "invalid"}.`, {
        cause: error,
      });
    throw new AppError(
      "UNAVAILABLE",
      `Could not reach GitHub for ${where}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
