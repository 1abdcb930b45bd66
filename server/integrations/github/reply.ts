// The bot's answer: when a prompt the bot queued ends, its final message goes back to GitHub — a
// comment on the issue or pull request, a reply in a review comment's thread, or a review — with
// a link to the session. Run by the session's dispatch job after every prompt; each answer is
// claimed before it is posted, so it is posted once.
import { z } from "zod";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { finalAnswer } from "../../events/final-answer";
import { Prisma } from "../../generated/prisma/client";
import { getGithubApp, installationOctokit } from "../../git/github/github-app";
import { logger } from "../../logger";

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

export async function postGithubReplies(
  sessionId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<number> {
  const waiting = await db.message.findMany({
    where: { sessionId, replyTo: { not: Prisma.DbNull }, repliedAt: null, status: { in: ["completed", "failed"] } },
    select: { id: true, status: true, error: true, replyTo: true },
  });
  let posted = 0;
  for (const message of waiting) {
    const { count } = await db.message.updateMany({
      where: { id: message.id, repliedAt: null },
      data: { repliedAt: new Date() },
    });
    if (count === 0) continue;
    const target = replyTargetSchema.safeParse(message.replyTo);
    if (!target.success) {
      // Claimed and left so: retrying would not make it fit.
      logger.warn("a prompt's reply target does not fit; nothing posted", {
        messageId: message.id,
        error: target.error,
      });
      continue;
    }
    try {
      await post(target.data, await answerOf(message, db), `${env.controlPlaneUrl}/sessions/${sessionId}`, env);
      posted += 1;
    } catch (error) {
      // Not posted: the next attempt (a retry of this job) claims it again.
      await db.message.update({ where: { id: message.id }, data: { repliedAt: null } });
      throw error;
    }
  }
  return posted;
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
