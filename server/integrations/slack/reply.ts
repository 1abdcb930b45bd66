// The answer in the thread: when a prompt asked in Slack ends, the bot posts the agent's final
// text (in sections, within Slack's limits), the pull request or the branch with the files
// changed, how it ended with the model and cost, and a button to the session; then it takes its
// 👀 off the message that asked. ../post-replies.ts claims each answer and calls this.
import type { types } from "@slack/bolt";
import { z } from "zod";
import { loadActor } from "../../access/actor";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { type PromptResult, promptResult } from "../../sessions/prompt-result";
import { slackClient, slackConfig } from "./client";
import { context, escapeMrkdwn, finishedMessage, linkButton, section, sections, SLACK_LIMITS } from "./format";

/** Where a prompt asked in Slack is answered: its message's `replyTo` (./conversation.ts). */
export const slackReplyTargetSchema = z.object({
  kind: z.literal("slack"),
  channel: z.string(),
  threadTs: z.string(),
  /** The message that asked, which carries the bot's 👀 until the answer is posted. */
  messageTs: z.string(),
  repository: z.string(),
  /** The bot's status message for this prompt ("Working on…"), updated as the agent works. */
  statusTs: z.string().optional(),
  /** The step the status message shows, and when it last changed (./progress.ts). */
  step: z.string().optional(),
  progressAt: z.string().optional(),
});
export type SlackReplyTarget = z.infer<typeof slackReplyTargetSchema>;

/** The answer's button that asks the agent, in the same session, to open a pull request. */
export const CREATE_PULL_REQUEST_ACTION = "create_pull_request";
/** The follow-up that button queues, as the person who pressed it. */
export const CREATE_PULL_REQUEST_PROMPT =
  "Open a pull request for the changes on this branch with the create-pull-request tool, with a title and a description that say what changed and why.";

/** Files named in the answer; the rest are counted. */
const FILES_SHOWN = 10;

export async function postSlackReply(
  target: SlackReplyTarget,
  message: { id: string; sessionId: string },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<void> {
  const { authorId } = await db.message.findUniqueOrThrow({ where: { id: message.id }, select: { authorId: true } });
  const result = await promptResult(
    { sessionId: message.sessionId, messageId: message.id, actor: await loadActor(authorId, db, env) },
    db,
    env,
  );
  const model = await db.session.findUniqueOrThrow({ where: { id: message.sessionId }, select: { model: true } });
  const client = slackClient(slackConfig(env));
  await client.chat.postMessage({
    channel: target.channel,
    thread_ts: target.threadTs,
    ...answerMessage(result, { repository: target.repository, model: model.model }),
    unfurl_links: false,
  });
  if (target.statusTs)
    await client.chat.update({
      channel: target.channel,
      ts: target.statusTs,
      ...finishedMessage(target.repository, result.session.url, result.prompt.status === "completed"),
    });
  await client.reactions
    .remove({ channel: target.channel, timestamp: target.messageTs, name: "eyes" })
    .catch(() => undefined);
}

/** The answer as Block Kit, with its plain-text fallback. */
export function answerMessage(result: PromptResult, about: { repository: string; model: string }) {
  const failed = result.prompt.status !== "completed";
  const answer = result.answer?.trim() || (failed ? "" : "Done.");
  const parts = sections(answer);
  const shown = parts.slice(0, SLACK_LIMITS.answerSections);
  const blocks = shown.map((part) => section(part));
  if (parts.length > shown.length) blocks.push(context("_The answer goes on in the session._"));
  if (result.pullRequest) {
    const label = result.pullRequest.title ?? result.pullRequest.url;
    blocks.push(section(`*Pull request:* <${result.pullRequest.url}|${escapeMrkdwn(label)}>`));
  } else if (result.filesChanged && result.filesChanged.length > 0) {
    blocks.push(section(`*Branch:* \`${escapeMrkdwn(result.session.branch)}\``));
  }
  if (result.filesChanged && result.filesChanged.length > 0) {
    const names = result.filesChanged.slice(0, FILES_SHOWN).map((file) => `\`${escapeMrkdwn(file.path)}\``);
    const more = result.filesChanged.length - FILES_SHOWN;
    blocks.push(context(`Files changed: ${names.join(", ")}${more > 0 ? ` and ${more} more` : ""}`));
  }
  const cost = result.costUsd === null ? "cost unknown" : `$${result.costUsd.toFixed(4)}`;
  const ending = failed ? `:warning: ${escapeMrkdwn(failureOf(result))}` : ":white_check_mark: Done";
  blocks.push(context(`${ending} · ${escapeMrkdwn(about.model)} · ${cost} · ${escapeMrkdwn(about.repository)}`));
  const actions = linkButton("View session", result.session.url, "view_session") as types.ActionsBlock;
  // A branch with changes and no pull request: anyone who may write there can ask for one.
  if (!failed && !result.pullRequest && result.filesChanged && result.filesChanged.length > 0)
    actions.elements.push({
      type: "button",
      action_id: CREATE_PULL_REQUEST_ACTION,
      text: { type: "plain_text", text: "Create pull request" },
      value: result.session.id,
    });
  blocks.push(actions);
  const fallback = failed ? failureOf(result) : answer;
  return { text: fallback.slice(0, SLACK_LIMITS.fallback), blocks };
}

function failureOf(result: PromptResult): string {
  if (result.prompt.status === "stopped") return `Stopped: ${result.prompt.error ?? "someone stopped it"}.`;
  return `Failed: ${(result.prompt.error ?? "the run failed").slice(0, 200)}`;
}
