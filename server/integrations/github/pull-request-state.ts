// A session's pull request follows GitHub: opened, edited, made draft or ready, closed, merged
// or reopened there, its artifact says so on every open page.
import type { DbTransaction } from "../../db";
import { type GithubPullRequestMetadata, githubPullRequestMetadataSchema } from "../../sessions/artifact-metadata";
import type { PullRequestEvent } from "./schema";

/** Updates the sessions' pull request artifacts; returns the sessions, for their pages to be told. */
export async function followPullRequest(event: PullRequestEvent, db: DbTransaction): Promise<string[]> {
  const pr = event.pull_request;
  const artifacts = await db.artifact.findMany({
    where: {
      kind: "pr",
      session: { branch: pr.head.ref, repository: { provider: "github", githubId: BigInt(event.repository.id) } },
    },
    select: { id: true, sessionId: true, metadata: true },
  });
  const state = pr.merged ? "merged" : pr.state;
  for (const artifact of artifacts) {
    // What only Nightshift knows (how it was opened, at which commit) is kept.
    const known = githubPullRequestMetadataSchema.partial().safeParse(artifact.metadata).data;
    const metadata: GithubPullRequestMetadata = {
      ...known,
      number: pr.number,
      title: pr.title,
      state,
      draft: pr.draft ?? false,
    };
    await db.artifact.update({ where: { id: artifact.id }, data: { url: pr.html_url, metadata } });
  }
  return artifacts.map((artifact) => artifact.sessionId);
}
