// What a person may do on a GitHub repository, asked of GitHub with their own OAuth token (the
// one they signed in with): GET /repos/{owner}/{repo} answers 404 to someone who may not read a
// private repository, and otherwise says in `permissions` whether they may push.
import { Octokit } from "@octokit/rest";
import { AppError } from "../../errors";
import type { Access } from "../code-host";

// Octokit logs every failed request; a refusal here is an answer, reported by what we throw.
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export type GithubAccessOptions = { token: string; apiUrl: string; owner: string; name: string };

export async function githubAccess(options: GithubAccessOptions): Promise<Access> {
  const octokit = new Octokit({ auth: options.token, baseUrl: options.apiUrl, userAgent: "nightshift", log: quiet });
  try {
    const { data } = await octokit.rest.repos.get({ owner: options.owner, repo: options.name });
    if (data.permissions?.push || data.permissions?.admin || data.permissions?.maintain) return "write";
    return data.permissions?.pull === false ? "none" : "read";
  } catch (error) {
    const status = (error as { status?: number }).status;
    const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
    if (status === 403 && headers["x-ratelimit-remaining"] === "0") {
      throw new AppError(
        "UNAVAILABLE",
        `GitHub's rate limit for your account is used up; try again after ${new Date(Number(headers["x-ratelimit-reset"] ?? 0) * 1000).toISOString()}.`,
        { cause: error },
      );
    }
    if (status === 404 || status === 403) return "none";
    if (status === 401) {
      throw new AppError(
        "FORBIDDEN",
        "GitHub no longer accepts your sign-in (the app's access may have been revoked). Sign out and sign in with GitHub again.",
        { cause: error },
      );
    }
    throw new AppError(
      "UNAVAILABLE",
      `Could not ask GitHub about ${options.owner}/${options.name}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
