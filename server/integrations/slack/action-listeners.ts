// What people press in the bot's messages: the repository picker's buttons and menu (the pick is
// queued as the held request again, placed — ./picker.ts), an answer's Create pull request, and
// the View session link, which Slack reports too and which needs nothing but an acknowledgement.
import type { App, BlockAction } from "@slack/bolt";
import type { DbClient } from "../../db";
import { slackMessageEvent } from "../../jobs/events";
import { getJobQueue } from "../../jobs/queue";
import { logger } from "../../logger";
import { parsePick, PICK_ACTION } from "./picker";
import { CREATE_PULL_REQUEST_ACTION, CREATE_PULL_REQUEST_PROMPT } from "./reply";
import { slackMessageSchema } from "./schema";

export function listenForActions(app: App, db: DbClient): void {
  app.action("view_session", async ({ ack }) => {
    await ack();
  });
  // Create pull request, in an answer: a follow-up in the thread's session from whoever pressed
  // it (the job checks they may write there), asking the agent to open one. One per answer.
  app.action<BlockAction>(CREATE_PULL_REQUEST_ACTION, async ({ ack, body }) => {
    await ack();
    const threadTs = body.container?.thread_ts as unknown;
    const answerTs = body.container?.message_ts as unknown;
    const channel = body.channel?.id;
    if (typeof threadTs !== "string" || typeof answerTs !== "string" || !channel) return;
    const message = slackMessageSchema.safeParse({
      eventId: `pr-${answerTs}`,
      teamId: body.team?.id ?? body.user.team_id,
      channel,
      channelType: "channel",
      user: body.user.id,
      text: CREATE_PULL_REQUEST_PROMPT,
      ts: answerTs,
      threadTs,
      addressed: true,
      threadKey: `${channel}/${threadTs}`,
    });
    if (message.success) await getJobQueue().send(slackMessageEvent, message.data);
  });
  app.action<BlockAction>(PICK_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    // Read with care: Bolt hands the payload on as Slack sent it.
    const value: unknown =
      action.type === "button"
        ? action.value
        : action.type === "static_select"
          ? (action.selected_option as { value?: unknown } | null | undefined)?.value
          : undefined;
    const pick = parsePick(value);
    if (!pick) return;
    // Said to the person who pressed, in place of the message (or beside it); a payload without a
    // response_url, or one that fails, leaves it unsaid.
    const tell = (reply: { text: string; replace_original: boolean }) =>
      typeof respond === "function"
        ? respond({ response_type: "ephemeral", ...reply }).catch((error: unknown) =>
            logger.warn("Slack's response_url refused the bot's reply", { error }),
          )
        : undefined;
    const pending = await db.slackPendingRequest.findUnique({ where: { id: pick.pendingId } });
    if (!pending) {
      await tell({ replace_original: true, text: "That request is gone. Ask me again." });
      return;
    }
    if (pending.slackUserId !== body.user.id) {
      await tell({ replace_original: false, text: "Only the person who asked can choose." });
      return;
    }
    const message = slackMessageSchema.safeParse(pending.message);
    if (!message.success) {
      logger.warn("a held Slack request does not fit the job any more", { pendingId: pending.id });
      return;
    }
    await getJobQueue().send(slackMessageEvent, {
      ...message.data,
      pick: { ...pick, ...(body.response_url ? { responseUrl: body.response_url } : {}) },
    });
  });
}
