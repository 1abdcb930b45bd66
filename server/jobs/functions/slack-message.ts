// slack-message: someone asked the bot in Slack. It decides what the message is (a follow-up in
// a thread that is a session, a new request, or someone to tell something), then does it. One
// at a time per thread, so two quick messages in a new thread cannot open two sessions.
import {
  acknowledge,
  continueSlackSession,
  offerLink,
  planSlackMessage,
  postWorking,
  sayInThread,
  startSlackSession,
} from "../../integrations/slack/conversation";
import { logger } from "../../logger";
import { closePicker, offerPicker } from "../../integrations/slack/picker";
import { slackMessageEvent } from "../events";
import { defineEventJob } from "../job";

export const slackMessageJob = defineEventJob(slackMessageEvent, async (message, { step }) => {
  const plan = await step("plan", () => planSlackMessage(message));
  switch (plan.kind) {
    case "ignore":
      return logger.info(`Slack: a message left alone (${plan.why})`, { eventId: message.eventId });
    case "say":
      return step("say", () => sayInThread(message, plan));
    case "link":
      return step("offer-link", () => offerLink(message));
    case "pick":
      await step("offer-picker", () => offerPicker(message, plan));
      return;
    case "follow-up": {
      const queued = await step("queue-follow-up", () => continueSlackSession(message, plan));
      if ("refused" in queued)
        return step("say-refused", () => sayInThread(message, { kind: "say", text: queued.refused }));
      const note = "A follow-up in the same session.";
      await step("post-working", () =>
        postWorking(message, { repository: plan.repository, note, sessionId: plan.sessionId }),
      );
      return step("acknowledge", () => acknowledge(message));
    }
    case "start": {
      const opened = await step("open-session", () => startSlackSession(message, plan));
      if ("refused" in opened)
        return step("say-refused", () => sayInThread(message, { kind: "say", text: opened.refused }));
      const { sessionId, notes } = opened;
      const note = [plan.why, ...notes].join("; ");
      await step("post-working", () => postWorking(message, { repository: plan.repository, note, sessionId }));
      const responseUrl = message.pick?.responseUrl;
      if (responseUrl) await step("close-picker", () => closePicker(responseUrl, `You chose ${plan.repository}.`));
      return step("acknowledge", () => acknowledge(message));
    }
  }
});
