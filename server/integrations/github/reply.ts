// The bot's answer: when a prompt the bot queued ends, its final message goes back to GitHub — a
// comment on the issue or pull request, a reply in a review comment's thread, or a review — with
// a link to the session. ../post-replies.ts claims each answer and calls this.
import { z } from "zod";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { finalAnswer } from "../../events/final-answer";
import { getGithubApp, installationOctokit } from "../../git/github/github-app";

/** Where a prompt's answer goes: its message's `replyTo`, written by the bot (bot.ts). */
export const replyTargetSchema = z.object({
  kind: z.enum(["comment", "review", "review_reply"]),
  owner: z.string(),
  name: z.string(),
  number: z.number().int(),
  installationId: z.number().int(),
  /** A review comment's id, for a reply in its thread. */
  commentId: z.number().int().optional(),
});
export type ReplyTarget = z.infer<typeof replyTargetSchema>;

/** Posts the answer of a prompt the bot queued (../post-replies.ts claimed it). */
export async function postGithubReply(
  target: ReplyTarget,
  message: { id: string; status: string; error: string | null; sessionId: string },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<void> {
  await post(target, await answerOf(message, db), `${env.controlPlaneUrl}/sessions/${message.sessionId}`, env);
}

/** The prompt's final message: the last text the agent wrote, or why it failed. */
async function answerOf(message: { id: string; status: string; error: string | null }, db: DbClient): Promise<string> {
  const last = await finalAnswer(message.id, db);
  if (message.status === "failed")
    return `I could not finish: ${message.error ?? "the run failed"}.${last ? `\n\n${last}` : ""}`;
  return last || "Done.";
}

async function post(target: ReplyTarget, answer: string, sessionUrl: string, env: Env): Promise<void> {
  const octokit = await installationOctokit(getGithubApp(env), target.installationId);
  const repo = { owner: target.owner, repo: target.name };
  const body = `${answer}\n\n---\n[Open the session in Nightshift](${sessionUrl})`;
  if (target.kind === "review")
    await octokit.rest.pulls.createReview({ ...repo, pull_number: target.number, event: "COMMENT", body });
  else if (target.kind === "review_reply" && target.commentId)
    await octokit.rest.pulls.createReplyForReviewComment({
      ...repo,
      pull_number: target.number,
      comment_id: target.commentId,
      body,
    });
  else await octokit.rest.issues.createComment({ ...repo, issue_number: target.number, body });
}
