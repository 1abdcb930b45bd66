// The GitHub organisations a person belongs to, read with their OAuth token at sign-in (the
// token needs the read:org scope, which the sign-in asks for when organisations are listed).
import { Octokit } from "@octokit/rest";

export async function fetchGithubOrgs(options: { accessToken: string; apiUrl: string }): Promise<string[]> {
  const octokit = new Octokit({ auth: options.accessToken, baseUrl: options.apiUrl, userAgent: "nightshift" });
  const orgs = await octokit.paginate(octokit.rest.orgs.listForAuthenticatedUser, { per_page: 100 });
  return orgs.map((org) => org.login);
}
