// The answer in Linear: when a prompt asked in Linear ends, the agent's final text with the pull
// request (or branch) and the files changed, as a response — or, when it failed, an error saying
// why. Only those two end Linear's turn. The pull request is attached to the issue and linked
// from the agent session, and the plan shows how it ended. ../post-replies.ts claims each answer
// and calls this. docs/linear.md#what-linear-shows.
import { z } from "zod";
import { loadActor } from "../../access/actor";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { type PromptResult, promptResult } from "../../sessions/prompt-result";
import { plan, say, updateSession } from "./activities";
import { withLinear } from "./client";

/** Where a prompt asked in Linear is answered: its message's `replyTo` (./conversation.ts). */
export const linearReplyTargetSchema = z.object({
  kind: z.literal("linear"),
  organizationId: z.string(),
  agentSessionId: z.string(),
  issueId: z.string(),
  repository: z.string(),
  /** The step last shown as an action, and when (./progress.ts). */
  step: z.string().optional(),
  progressAt: z.string().optional(),
});
export type LinearReplyTarget = z.infer<typeof linearReplyTargetSchema>;

const FILES_SHOWN = 10;

export async function postLinearReply(
  target: LinearReplyTarget,
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
  const { model } = await db.session.findUniqueOrThrow({ where: { id: message.sessionId }, select: { model: true } });
  const completed = result.prompt.status === "completed";
  await withLinear(
    target.organizationId,
    async (client) => {
      if (result.pullRequest)
        await client.attachmentLinkURL(target.issueId, result.pullRequest.url, {
          title: result.pullRequest.title ?? `Pull request by Nightshift`,
        });
      await updateSession(client, target.agentSessionId, {
        links: [
          { label: "Nightshift session", url: result.session.url },
          ...(result.pullRequest ? [{ label: "Pull request", url: result.pullRequest.url }] : []),
        ],
        plan: plan({
          analyse: "completed",
          repository: "completed",
          work: completed ? "completed" : "canceled",
          "pull-request": result.pullRequest ? "completed" : completed ? "pending" : "canceled",
        }),
      });
      await say(client, target.agentSessionId, {
        type: completed ? "response" : "error",
        body: answerText(result, { repository: target.repository, model }),
      });
    },
    db,
    env,
  );
}

/** The answer in Linear's Markdown. */
export function answerText(result: PromptResult, about: { repository: string; model: string }): string {
  const completed = result.prompt.status === "completed";
  const lines = [
    completed
      ? result.answer?.trim() || "Done."
      : `I could not finish: ${(result.prompt.error ?? "the run failed").slice(0, 500)}`,
    "",
  ];
  if (result.pullRequest)
    lines.push(`**Pull request:** [${result.pullRequest.title ?? result.pullRequest.url}](${result.pullRequest.url})`);
  else if (result.filesChanged && result.filesChanged.length > 0)
    lines.push(`**Branch:** \`${result.session.branch}\``);
  if (result.filesChanged && result.filesChanged.length > 0) {
    const names = result.filesChanged.slice(0, FILES_SHOWN).map((file) => `\`${file.path}\``);
    const more = result.filesChanged.length - FILES_SHOWN;
    lines.push(`**Files changed:** ${names.join(", ")}${more > 0 ? ` and ${more} more` : ""}`);
  }
  const cost = result.costUsd === null ? "cost unknown" : `$${result.costUsd.toFixed(4)}`;
  lines.push(`${about.repository} · ${about.model} · ${cost} · [Nightshift session](${result.session.url})`);
  return lines.join("\n");
}
