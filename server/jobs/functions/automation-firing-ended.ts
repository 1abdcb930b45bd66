// automation-firing-ended: a firing's last run ended. It counts towards auto-pause once, and its
// summary goes to the automation's notification URL and its Slack channel (each retried with the
// job when it is refused, and sent once).
import { countFiring, notifyFiring } from "../../automations/firing-outcome";
import { postFiringToSlack } from "../../integrations/slack/automation-results";
import { automationFiringEndedEvent } from "../events";
import { defineEventJob } from "../job";

export const automationFiringEndedJob = defineEventJob(automationFiringEndedEvent, async ({ firingId }, { step }) => {
  await step("count", () => countFiring(firingId));
  await step("notify", () => notifyFiring(firingId));
  await step("post-to-slack", () => postFiringToSlack(firingId));
});
