// Live progress in the thread: while a prompt asked in Slack runs, the bot's status message
// ("Working on owner/name…") says what the agent is doing now — "Reading src/app.ts", "Running npm
// test" — from the prompt's latest tool call. Sandboxes report steps many times a second; the
// slack-progress job (queued as the sandbox's events are stored, repeats collapsing) updates the
// message at most every few seconds, well inside Slack's rate limit for chat.update.
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { toolStep } from "../../events/tool-step";
import type { Prisma } from "../../generated/prisma/client";
import { slackClient, slackConfig } from "./client";
import { escapeMrkdwn, progressMessage } from "./format";
import { type SlackReplyTarget, slackReplyTargetSchema } from "./reply";

/** The least time between two updates of one status message. */
export const PROGRESS_EVERY_MS = 3_000;
const STEP_CHARACTERS = 80;

/** Updates the status message of a prompt asked in Slack with its latest step, if it changed. */
export async function postSlackProgress(
  messageId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
  now: Date = new Date(),
): Promise<"updated" | "unchanged" | "not-now"> {
  const message = await db.message.findUnique({
    where: { id: messageId },
    select: { status: true, replyTo: true, sessionId: true },
  });
  const target = slackReplyTargetSchema.safeParse(message?.replyTo);
  if (!message || message.status !== "processing" || !target.success || !target.data.statusTs) return "unchanged";
  const last = target.data.progressAt ? Date.parse(target.data.progressAt) : 0;
  if (now.getTime() - last < PROGRESS_EVERY_MS) return "not-now";
  const call = await db.event.findFirst({
    where: { messageId, type: "tool_call" },
    orderBy: { seq: "desc" },
    select: { data: true },
  });
  const step = call ? describeStep(call.data) : null;
  if (!step || step === target.data.step) return "unchanged";
  await slackClient(slackConfig(env)).chat.update({
    channel: target.data.channel,
    ts: target.data.statusTs,
    ...progressMessage(target.data.repository, `${env.controlPlaneUrl}/sessions/${message.sessionId}`, step),
  });
  const updated: SlackReplyTarget = { ...target.data, step, progressAt: now.toISOString() };
  // Written only while the prompt still runs: its answer's final status is not undone.
  await db.message.updateMany({
    where: { id: messageId, status: "processing" },
    data: { replyTo: updated as Prisma.InputJsonObject },
  });
  return "updated";
}

/** A tool call in words, as a person would say what the agent is doing, in Slack's markup. */
export function describeStep(data: unknown): string | null {
  const text = toolStep(data)?.words;
  if (!text) return null;
  return escapeMrkdwn(text.length > STEP_CHARACTERS ? `${text.slice(0, STEP_CHARACTERS - 1)}…` : text);
}
