// The GitHub bot: someone mentions it in an issue or pull request (or its review comments),
// requests its review, or opens a pull request on a repository with auto-review. If they may —
// write access, or the repository's allow list — it reacts with 👀, starts or continues the
// thread's session with their request (GitHub's text marked as untrusted), and posts the answer
// back when the prompt ends (reply.ts). docs/github.md#the-bot.
import type { Octokit } from "@octokit/rest";
import { type Actor, loadActor } from "../../access/actor";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { getGithubApp, installationOctokit } from "../../git/github/github-app";
import { logger } from "../../logger";
import { repositorySettings } from "../../repositories/repository-settings";
import { createSession } from "../../sessions/create-session";
import { enqueuePrompt } from "../../sessions/enqueue-prompt";
import type { BotTrigger } from "./bot-trigger";
import { botPrompt } from "./bot-prompt";
import { githubUserFor } from "./github-users";
import type { ReplyTarget } from "./reply";

export type BotDecision = { act: false; reason: string } | { act: true; repositoryId: string; installationId: number };

const WRITE_PERMISSIONS = new Set(["admin", "maintain", "write"]);

/** Whether the bot acts on this trigger, and if not, why (logged, nothing posted). */
export async function checkBotTrigger(
  trigger: BotTrigger,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<BotDecision> {
  const where = `${trigger.repository.owner}/${trigger.repository.name}`;
  const repository = await db.repository.findFirst({
    where: { provider: "github", githubId: BigInt(trigger.repository.githubId) },
    select: { id: true, installationId: true },
  });
  if (!repository || repository.installationId === null)
    return ignore(`${where} is not one of Nightshift's repositories`, trigger);
  const settings = await repositorySettings(repository.id, db);
  if (!settings.botEnabled) return ignore(`the bot is turned off for ${where}`, trigger);
  if (trigger.cause === "pull_request_opened" && !settings.autoReview)
    return ignore(`auto-review is off for ${where}`, trigger);
  if (trigger.pull?.fromFork && trigger.kind === "mention")
    return ignore(`pull request #${trigger.number} comes from a fork, which the bot cannot push to`, trigger);
  const installationId = Number(repository.installationId);
  if (!settings.allowedUsers.includes(trigger.sender.login.toLowerCase())) {
    const octokit = await installationOctokit(getGithubApp(env), installationId);
    // 404: not a collaborator at all. Anything else is a failure, and the job is retried.
    const { data } = await octokit.rest.repos
      .getCollaboratorPermissionLevel({
        owner: trigger.repository.owner,
        repo: trigger.repository.name,
        username: trigger.sender.login,
      })
      .catch((error: { status?: number }) => {
        if (error.status === 404) return { data: { permission: "none", role_name: "none" } };
        throw error;
      });
    if (!WRITE_PERMISSIONS.has(data.permission) && !WRITE_PERMISSIONS.has(data.role_name ?? "")) {
      return ignore(`${trigger.sender.login} has no write access to ${where} and is not on its allow list`, trigger);
    }
  }
  return { act: true, repositoryId: repository.id, installationId };
}

/** 👀 on what asked: the comment, or the pull request itself. */
export async function acknowledge(trigger: BotTrigger, installationId: number, env: Env = getEnv()): Promise<void> {
  const octokit = await installationOctokit(getGithubApp(env), installationId);
  const repo = { owner: trigger.repository.owner, repo: trigger.repository.name };
  if (trigger.comment?.kind === "review")
    await octokit.rest.reactions.createForPullRequestReviewComment({
      ...repo,
      comment_id: trigger.comment.id,
      content: "eyes",
    });
  else if (trigger.comment)
    await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: trigger.comment.id, content: "eyes" });
  else await octokit.rest.reactions.createForIssue({ ...repo, issue_number: trigger.number, content: "eyes" });
}

/**
 * Continues the session already working on this issue or pull request (or on the pull request's
 * branch), or starts one — on the pull request's own head branch for pull requests — and queues
 * the request. The delivery id makes a retried job queue nothing twice.
 */
export async function startBotSession(
  trigger: BotTrigger,
  decision: Extract<BotDecision, { act: true }>,
  deliveryId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<{ sessionId: string; messageId: string }> {
  const author = await githubUserFor(trigger.sender, db);
  // checkBotTrigger asked the App: the person who called the bot may write to the repository,
  // whether or not they ever signed in here.
  const actor: Actor = {
    ...(await loadActor(author.id, db, env)),
    grants: [{ repositoryId: decision.repositoryId, access: "write" }],
  };
  const pull = trigger.isPullRequest
    ? (trigger.pull ?? (await fetchPull(trigger, decision.installationId, env)))
    : null;
  const thread = await db.githubThread.findUnique({
    where: { repositoryId_number: { repositoryId: decision.repositoryId, number: trigger.number } },
    select: { sessionId: true },
  });
  let sessionId =
    thread?.sessionId ??
    (pull
      ? (
          await db.session.findFirst({
            where: { repositoryId: decision.repositoryId, branch: pull.headRef },
            select: { id: true },
          })
        )?.id
      : undefined);
  if (!sessionId) {
    const session = await createSession(
      {
        repositoryId: decision.repositoryId,
        actor,
        title: `#${trigger.number} ${trigger.title}`.slice(0, 200),
        ...(pull ? { baseBranch: pull.baseRef, branch: pull.headRef } : {}),
      },
      db,
      env,
    );
    sessionId = session.id;
  }
  await db.githubThread.upsert({
    where: { repositoryId_number: { repositoryId: decision.repositoryId, number: trigger.number } },
    create: { repositoryId: decision.repositoryId, number: trigger.number, sessionId },
    update: {},
  });
  const settings = await repositorySettings(decision.repositoryId, db);
  const replyTo: ReplyTarget = {
    kind: trigger.kind === "review" ? "review" : trigger.comment?.kind === "review" ? "review_reply" : "comment",
    owner: trigger.repository.owner,
    name: trigger.repository.name,
    number: trigger.number,
    installationId: decision.installationId,
    ...(trigger.comment?.kind === "review" ? { commentId: trigger.comment.id } : {}),
  };
  const { message } = await enqueuePrompt(
    {
      sessionId,
      actor,
      source: "github",
      content: botPrompt(trigger, { baseRef: pull?.baseRef ?? null, reviewInstructions: settings.reviewInstructions }),
      clientRequestId: `github-${deliveryId}`,
      replyTo,
    },
    db,
    env,
  );
  return { sessionId, messageId: message.id };
}

async function fetchPull(
  trigger: BotTrigger,
  installationId: number,
  env: Env,
): Promise<NonNullable<BotTrigger["pull"]>> {
  const octokit: Octokit = await installationOctokit(getGithubApp(env), installationId);
  const { data } = await octokit.rest.pulls.get({
    owner: trigger.repository.owner,
    repo: trigger.repository.name,
    pull_number: trigger.number,
  });
  const fullName = `${trigger.repository.owner}/${trigger.repository.name}`;
  return {
    headRef: data.head.ref,
    baseRef: data.base.ref,
    fromFork: (data.head.repo?.full_name ?? fullName) !== fullName,
    draft: data.draft ?? false,
    authorLogin: data.user.login,
  };
}

function ignore(reason: string, trigger: BotTrigger): BotDecision {
  logger.info(`GitHub bot: ignored (${reason})`, {
    cause: trigger.cause,
    sender: trigger.sender.login,
    number: trigger.number,
  });
  return { act: false, reason };
}
