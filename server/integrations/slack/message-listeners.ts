// What in Slack's events asks the bot: a mention in a channel, any direct message, and a reply
// (with or without a mention) in a thread that is a session. Each is recorded by its event_id (a
// retried delivery acts once) and queued as a slack-message job. docs/slack.md#how-it-works.
import type { App } from "@slack/bolt";
import type { DbClient } from "../../db";
import { slackMessageEvent } from "../../jobs/events";
import { getJobQueue } from "../../jobs/queue";
import { queueOnce } from "../../jobs/queue-once";
import { logger } from "../../logger";
import { type SlackMessage, slackMessageSchema } from "./schema";

export function listenForMessages(app: App, db: DbClient): void {
  app.event("app_mention", async ({ event, body }) => {
    if ("bot_id" in event && event.bot_id) return;
    const message = messageOf(body, event, { channelType: "channel", addressed: true });
    if (message) await queueMessage(db, message);
  });
  app.event("message", async ({ event, body, context }) => {
    // People's own messages only: no edits, joins or other bots.
    if (event.subtype !== undefined || !("user" in event) || "bot_id" in event) return;
    const isDirect = event.channel_type === "im";
    const message = messageOf(body, event, { channelType: event.channel_type, addressed: isDirect });
    if (!message || isDirect) return message ? queueMessage(db, message) : undefined;
    // In a channel a mention arrives as app_mention too; a reply without one counts only in a
    // thread that is a session.
    if (context.botUserId && message.text.includes(`<@${context.botUserId}>`)) return;
    if (!message.threadTs) return;
    const thread = await db.slackThread.findUnique({
      where: { channel_threadTs: { channel: message.channel, threadTs: message.threadTs } },
      select: { sessionId: true },
    });
    if (thread) await queueMessage(db, message);
  });
}

/**
 * The message an event carries, as the job takes it; null for anything Slack does not send as a
 * person's message — a retry of it would be no better, so it is passed over.
 */
function messageOf(
  body: { event_id: string; team_id: string },
  event: { user?: unknown; channel?: unknown; text?: unknown; ts?: unknown; thread_ts?: unknown },
  how: { channelType: unknown; addressed: boolean },
): SlackMessage | null {
  const channel = String(event.channel);
  const data = slackMessageSchema.safeParse({
    eventId: body.event_id,
    teamId: body.team_id,
    channel: event.channel,
    channelType: how.channelType,
    user: event.user,
    text: event.text ?? "",
    ts: event.ts,
    threadTs: event.thread_ts,
    addressed: how.addressed,
    threadKey: `${channel}/${String(event.thread_ts ?? event.ts)}`,
  });
  if (data.success) return data.data;
  logger.warn("Slack event not acted on: it is not a message as Slack sends them", {
    eventId: body.event_id,
    error: data.error,
  });
  return null;
}

/**
 * Records the event and queues its job. Should the job not be queued, the event is forgotten
 * again and the request fails, so that Slack's retry is acted on; a repeat of a recorded event is
 * passed over.
 */
async function queueMessage(db: DbClient, message: SlackMessage): Promise<void> {
  const eventId = message.eventId;
  const queued = await queueOnce(
    {
      create: () => db.slackEvent.create({ data: { id: eventId, type: "message" } }),
      forget: () => db.slackEvent.deleteMany({ where: { id: eventId } }),
    },
    () => getJobQueue().send(slackMessageEvent, message),
    "Slack",
  );
  if (!queued) logger.info("Slack event already received; not acted on again", { eventId });
}
