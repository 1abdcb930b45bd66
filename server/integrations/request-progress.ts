// As a sandbox's events are stored: the prompts asked by a bot that took a step show it where
// they were asked — Slack's status message (./slack/progress.ts), an action in Linear's agent
// session (./linear/progress.ts) — through a job, so that storing the batch waits on nothing of
// theirs. Best effort: a step not shown is no loss, so a failure here is logged, never the batch's.
import { type DbClient, getDb } from "../db";
import { linearProgressEvent, slackProgressEvent } from "../jobs/events";
import { getJobQueue } from "../jobs/queue";
import { logger } from "../logger";

export async function requestProgress(messageIds: string[], db: DbClient = getDb()): Promise<void> {
  if (messageIds.length === 0) return;
  try {
    const asked = await db.message.findMany({
      where: {
        id: { in: messageIds },
        status: "processing",
        OR: [{ replyTo: { path: ["kind"], equals: "slack" } }, { replyTo: { path: ["kind"], equals: "linear" } }],
      },
      select: { id: true, replyTo: true },
    });
    for (const { id, replyTo } of asked) {
      const kind = (replyTo as { kind?: unknown } | null)?.kind;
      await getJobQueue().send(kind === "linear" ? linearProgressEvent : slackProgressEvent, { messageId: id });
    }
  } catch (error) {
    logger.warn("a bot prompt's progress could not be requested", { error });
  }
}
