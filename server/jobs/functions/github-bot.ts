// github-bot: the bot was called (a mention, a review request, a pull request to auto-review).
// It checks who called it, reacts, and starts or continues the session.
import { acknowledge, checkBotTrigger, startBotSession } from "../../integrations/github/bot";
import { githubBotEvent } from "../events";
import { defineEventJob } from "../job";

export const githubBotJob = defineEventJob(githubBotEvent, async ({ deliveryId, trigger }, { step }) => {
  const decision = await step("check", () => checkBotTrigger(trigger));
  if (!decision.act) return;
  await step("acknowledge", () => acknowledge(trigger, decision.installationId));
  await step("queue-prompt", () => startBotSession(trigger, decision, deliveryId));
});
