// As a sandbox's events are stored: the prompts asked in Slack that took a step get their status
// message updated (./progress.ts), by a job, so that storing the batch waits on nothing of Slack's.
// Best effort: a step not shown is no loss, so a failure here is logged, never the batch's.
import { type DbClient, getDb } from "../../db";
import { slackProgressEvent } from "../../jobs/events";
import { getJobQueue } from "../../jobs/queue";
import { logger } from "../../logger";

export async function requestSlackProgress(messageIds: string[], db: DbClient = getDb()): Promise<void> {
  if (messageIds.length === 0) return;
  try {
    const asked = await db.message.findMany({
      where: { id: { in: messageIds }, status: "processing", replyTo: { path: ["kind"], equals: "slack" } },
      select: { id: true },
    });
    for (const { id } of asked) await getJobQueue().send(slackProgressEvent, { messageId: id });
  } catch (error) {
    logger.warn("a Slack prompt's progress could not be requested", { error });
  }
}
